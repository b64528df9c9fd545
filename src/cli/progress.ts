/**
 * A one-line "running containers done/total" counter for a terminal, rewritten in place. It counts
 * what the summary's "(N running containers)" counts: containers with processes, whose processes are read.
 */
export function progressPrinter(stream: { write(text: string): unknown }) {
  let shown = false;
  return {
    update: (done: number, total: number) => {
      stream.write(`\rcapturing: processes of running containers ${done}/${total}`);
      shown = true;
    },
    clear: () => {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
