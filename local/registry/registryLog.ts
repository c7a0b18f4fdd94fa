/**
 * The one error line distribution logs in every normal push: before uploading a layer, a
 * client asks (HEAD) whether the registry has it already, and the registry logs the answer
 * "no" as `level=error … err.code="blob unknown" … http.request.method=HEAD`. A missing blob
 * on any other request is a real error and stays.
 */
export function isRoutineRegistryLine(line: string): boolean {
  return line.includes('level=error') && line.includes('err.code="blob unknown"') && line.includes('http.request.method=HEAD');
}

/**
 * Passes what the registry writes on to `write`, line by line, without its routine lines.
 * Returns the function to call with each chunk, and the one to call at the end.
 */
export function routineLineFilter(write: (text: string) => void): { chunk(data: Buffer | string): void; end(): void } {
  let pending = '';
  return {
    chunk(data) {
      const lines = (pending + data.toString()).split('\n');
      pending = lines.pop()!;
      const kept = lines.filter((line) => !isRoutineRegistryLine(line));
      if (kept.length > 0) write(`${kept.join('\n')}\n`);
    },
    end() {
      if (pending && !isRoutineRegistryLine(pending)) write(pending);
      pending = '';
    },
  };
}
