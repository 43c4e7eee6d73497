import type { Command } from './command';

export const showReport: Command = {
  id: 'connectionBudget.showReport',
  run: ({ report }) => report.show(),
};
