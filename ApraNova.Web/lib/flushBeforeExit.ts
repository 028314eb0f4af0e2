/** The signals a container or a local run is stopped with (ECS: SIGTERM; a terminal: SIGINT). */
const STOP_SIGNALS = ["SIGTERM", "SIGINT"] as const;
const EXIT_CODES: Record<(typeof STOP_SIGNALS)[number], number> = { SIGTERM: 143, SIGINT: 130 };

/**
 * Makes the process wait for `flush` (the span exporter's last batch) before it exits on a stop
 * signal. Next.js's own handler closes the server and then calls process.exit straight away, so a
 * flush merely started on the signal loses that race: the spans of the last seconds before a task
 * stops (ECS stops it on every deploy and scale-in) never reach the collector. Seen in the
 * production rehearsal under the web's 0.25 vCPU. So once a stop signal arrives, process.exit
 * waits for the flush, bounded by `limitMs` (well inside ECS's 30 s stop timeout); when nothing
 * else handles the signal (NEXT_MANUAL_SIG_HANDLE), the process exits itself once flushed, as it
 * would have without this handler. Installed once per process.
 */
export function flushBeforeExit(flush: () => Promise<unknown>, limitMs = 10_000): void {
  if (installed) return;
  installed = true;
  for (const signal of STOP_SIGNALS) {
    process.once(signal, () => {
      const othersHandleIt = process.listenerCount(signal) > 0;
      const flushed = Promise.race([
        flush().catch(() => undefined),
        new Promise<void>((done) => setTimeout(done, limitMs).unref()),
      ]);
      const exit = process.exit.bind(process);
      process.exit = ((code?: number | string | null) => {
        void flushed.then(() => exit(code ?? undefined));
      }) as typeof process.exit;
      if (!othersHandleIt) void flushed.then(() => exit(EXIT_CODES[signal]));
    });
  }
}

let installed = false;
