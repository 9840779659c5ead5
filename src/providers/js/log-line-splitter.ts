/**
 * Cuts a model's console output (arbitrary chunks) into log lines of at most `maxLineChars`: a longer line is
 * emitted truncated with a marker and the rest of it dropped, so one runaway `console.log` cannot fill the
 * entity's log buffer or memory.
 */
export interface LogLineSplitter {
  push(chunk: string): void;
  /** Emits what is left of an unterminated last line (at exit). */
  flush(): void;
}

export function createLogLineSplitter(maxLineChars: number, emit: (line: string) => void): LogLineSplitter {
  let partial = '';
  let dropping = false;
  const emitLine = (line: string) => {
    const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
    emit(trimmed.length > maxLineChars ? `${trimmed.slice(0, maxLineChars)}… [truncated]` : trimmed);
  };
  return {
    push(chunk) {
      let text = chunk;
      for (;;) {
        const newline = text.indexOf('\n');
        if (newline === -1) break;
        if (dropping) dropping = false;
        else emitLine(partial + text.slice(0, newline));
        partial = '';
        text = text.slice(newline + 1);
      }
      if (dropping) return;
      partial += text;
      if (partial.length > maxLineChars) {
        emitLine(partial);
        partial = '';
        dropping = true;
      }
    },
    flush() {
      if (partial.length > 0 && !dropping) emitLine(partial);
      partial = '';
      dropping = false;
    },
  };
}
