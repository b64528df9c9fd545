/** A one-line "containers done/total" counter for a terminal, rewritten in place. */
export function progressPrinter(stream: { write(text: string): unknown }) {
  let shown = false;
  return {
    update: (done: number, total: number) => {
      stream.write(`\rcapturing: containers ${done}/${total}`);
      shown = true;
    },
    clear: () => {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
