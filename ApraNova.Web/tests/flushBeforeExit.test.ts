import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// The stop signals are emitted in-process (process.emit) and process.exit is a recorder, so the
// test process itself neither receives a signal nor exits.
describe("the last spans are exported before the process exits on a stop signal", () => {
  const realExit = process.exit;
  let events: string[];
  let before: Map<string, Function[]>;

  beforeEach(() => {
    events = [];
    before = new Map(["SIGTERM", "SIGINT"].map((s) => [s, process.listeners(s as NodeJS.Signals)]));
    process.exit = ((code?: number) => void events.push(`exit ${code}`)) as typeof process.exit;
    vi.resetModules(); // flushBeforeExit installs once per module instance
  });

  afterEach(() => {
    process.exit = realExit;
    for (const [signal, listeners] of before)
      for (const listener of process.listeners(signal as NodeJS.Signals))
        if (!listeners.includes(listener)) process.removeListener(signal, listener as (...args: unknown[]) => void);
  });

  const install = async (flush: () => Promise<unknown>, limitMs?: number) =>
    (await import("../lib/flushBeforeExit")).flushBeforeExit(flush, limitMs);
  const slowFlush = (ms: number) => () => new Promise<void>((done) => setTimeout(() => (events.push("flushed"), done()), ms));
  // Next.js's own handler (start-server.js): closes the server, then exits at once.
  const nextsHandler = () => process.on("SIGTERM", () => setTimeout(() => process.exit(143), 0));

  it("Next's exit waits for the flush", async () => {
    nextsHandler();
    await install(slowFlush(100));
    process.emit("SIGTERM");
    await vi.waitFor(() => expect(events).toContain("exit 143"));
    expect(events).toEqual(["flushed", "exit 143"]);
  });

  it("a flush that hangs delays the exit by the limit only", async () => {
    nextsHandler();
    await install(() => new Promise(() => {}), 50);
    process.emit("SIGTERM");
    await vi.waitFor(() => expect(events).toEqual(["exit 143"]));
  });

  it("with no other handler the process still exits once flushed", async () => {
    await install(slowFlush(20));
    process.emit("SIGTERM");
    await vi.waitFor(() => expect(events).toEqual(["flushed", "exit 143"]));
  });
});
