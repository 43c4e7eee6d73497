// Which processes a test run left behind. Linux /proc only (elsewhere the check says it cannot look).
//
// A run records every descendant of this process it ever saw (snapshots while code-server and
// Chromium run) and, at the end, reports those still alive, plus any process whose command line
// names the run's temporary folder (the code-server user-data and extensions folders are in it).

import fs from 'node:fs';

/**
 * Linux /proc view: [{ pid, ppid, pgid, state, starttime, cmdline }], or undefined when /proc is
 * not readable. Zombies are listed with state 'Z'; callers decide whether they count as alive.
 */
export function readProcesses() {
  let names;
  try {
    names = fs.readdirSync('/proc');
  } catch {
    return undefined;
  }
  const procs = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
      procs.push({ pid: Number(name), state: rest[0], ppid: Number(rest[1]), pgid: Number(rest[2]), starttime: rest[19], cmdline });
    } catch {
      // gone meanwhile
    }
  }
  return procs;
}

export class ProcessWatch {
  constructor({ marker } = {}) {
    this.marker = marker;
    /** pid → { starttime, cmdline } of every descendant seen. */
    this.seen = new Map();
    this.available = readProcesses() !== undefined;
  }

  /** Records the current descendants of this process. */
  snapshot() {
    const procs = readProcesses();
    if (!procs) return;
    const children = new Map();
    for (const p of procs) {
      if (!children.has(p.ppid)) children.set(p.ppid, []);
      children.get(p.ppid).push(p);
    }
    const visit = (pid) => {
      for (const child of children.get(pid) ?? []) {
        if (this.seen.has(child.pid) && this.seen.get(child.pid).starttime === child.starttime) continue;
        this.seen.set(child.pid, { starttime: child.starttime, cmdline: child.cmdline });
        visit(child.pid);
      }
    };
    visit(process.pid);
  }

  /** Live (non-zombie) processes that were seen as descendants, or name the marker. */
  leftovers() {
    const procs = readProcesses();
    if (!procs) return [];
    return procs.filter((p) => {
      if (p.pid === process.pid || p.state === 'Z') return false;
      const known = this.seen.get(p.pid);
      if (known && known.starttime === p.starttime) return true;
      return Boolean(this.marker) && p.cmdline.includes(this.marker);
    });
  }

  /** Snapshots every `ms` until stop() is called on the returned handle. */
  every(ms) {
    const timer = setInterval(() => this.snapshot(), ms);
    timer.unref();
    return { stop: () => clearInterval(timer) };
  }
}
