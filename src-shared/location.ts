import type { EditSite, Location, Position, Range } from './types';

/** Turns offsets in one text into 0-based positions. */
export interface PositionIndex {
  position(offset: number): Position;
}

/** Offsets to 0-based positions for one text, by binary search over line starts. */
export class LineIndex implements PositionIndex {
  private readonly starts: number[];

  /** Lines end at \n, \r\n or a lone \r, as LSP clients count them. */
  constructor(private readonly text: string) {
    const starts = [0];
    // Most texts have no \r: their lines are found by the native search, not a loop over every character.
    if (!text.includes('\r')) {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.starts = starts;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const char = text.charCodeAt(i);
      if (char === 10) starts.push(i + 1);
      else if (char === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  position(offset: number): Position {
    // Between the \r and \n of a line break there is no LSP position: the line's end is the nearest.
    if (this.text.charCodeAt(offset) === 10 && this.text.charCodeAt(offset - 1) === 13) offset--;
    const starts = this.starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - starts[low] };
  }

  offset(position: Position): number {
    const start = this.starts[Math.min(position.line, this.starts.length - 1)] ?? 0;
    return start + position.character;
  }

}

export function rangeOf(index: PositionIndex, start: number, end: number): Range {
  return { start: index.position(start), end: index.position(end) };
}

export function location(file: string, index: PositionIndex, start: number, end: number): Location {
  return { file, range: rangeOf(index, start, end) };
}

export function replaceSite(file: string, index: PositionIndex, start: number, end: number): EditSite {
  return { file, range: rangeOf(index, start, end), prefix: '', suffix: '' };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function rangeContains(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}
