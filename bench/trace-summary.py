#!/usr/bin/env python3
"""Summarizes a speedscope file converted from a `dotnet-trace --profile dotnet-sampled-thread-time`
trace: where the api's managed CPU time goes.

    python3 bench/trace-summary.py trace.speedscope.json [--top 25] [--copy DEST]

The sampler (~100 Hz per thread) marks each sample with a pseudo frame: CPU_TIME when the thread
was running managed code, UNMANAGED_CODE_TIME when it was in native code (waiting in epoll, a lock,
a socket, but also the GC's and OpenSSL's own work). Only CPU_TIME samples are counted here, and
of those not the ones whose innermost frame is a wait (IDLE_LEAVES: the sampler files parked
thread-pool workers, epoll and the finalizer under CPU_TIME too), so the figures are managed CPU; native work shows under the managed frame that called it only when it is
not a wait, which the sampler cannot tell apart (the GC is reported by dotnet-counters instead).
"""
import json
import shutil
import sys
from collections import defaultdict

PSEUDO = {"CPU_TIME", "UNMANAGED_CODE_TIME"}

# Innermost frames of threads that wait (the sampler still files many of them under CPU_TIME):
# idle thread-pool workers, the socket engine's epoll loop, lock and GC waits, the finalizer.
IDLE_LEAVES = (
    "?", "System.Threading.PortableThreadPool+WorkerThread.WorkerThreadStart", "System.Threading.LowLevelLifoSemaphore.WaitNative",
    "System.Threading.Monitor.Wait", "System.Threading.Monitor.Enter_Slowpath", "System.Threading.Thread.<PollGC>g__PollGCWorker",
    "System.Threading.WaitHandle", "System.Threading.Thread.Sleep", "System.Net.Sockets.SocketAsyncEngine.EventLoop",
    "System.Reflection.Emit.DynamicResolver.Finalize", "System.GC.RunFinalizers", "System.Threading.LowLevelLifoSemaphore",
    "System.Threading.PortableThreadPool+GateThread", "System.Threading.TimerQueue.TimerThread",
)

# Buckets for a one-line "where the time goes": first match on the innermost non-pseudo frame.
BUCKETS = [
    ("PostgreSQL driver (Npgsql)", ("Npgsql",)),
    ("EF Core", ("Microsoft.EntityFrameworkCore",)),
    ("Stripe.net / Newtonsoft.Json", ("Stripe", "Newtonsoft")),
    ("System.Text.Json", ("System.Text.Json",)),
    ("ASP.NET Core Identity / data protection", ("Microsoft.AspNetCore.Identity", "Microsoft.AspNetCore.DataProtection")),
    ("JWT / authentication", ("Microsoft.IdentityModel", "System.IdentityModel", "Microsoft.AspNetCore.Authentication")),
    ("Kestrel / HTTP", ("Microsoft.AspNetCore.Server", "System.Net.Http", "System.Net.Sockets", "System.IO.Pipelines")),
    ("ASP.NET Core routing / endpoints / middleware", ("Microsoft.AspNetCore",)),
    ("Redis client", ("StackExchange.Redis",)),
    ("OpenTelemetry / diagnostics", ("OpenTelemetry", "System.Diagnostics")),
    ("Logging", ("Microsoft.Extensions.Logging",)),
    ("Dependency injection", ("Microsoft.Extensions.DependencyInjection",)),
    ("Cryptography", ("System.Security.Cryptography", "Interop+Crypto", "Interop+OpenSsl")),
    ("ApraNova code", ("ApraNova",)),
    ("Collections / LINQ", ("System.Linq", "System.Collections")),
    ("Threading / async machinery", ("System.Threading", "System.Runtime.CompilerServices")),
]


def bucket(stack_names):
    # The innermost frame that belongs to a known library decides (a LINQ call inside EF is EF's).
    for name in reversed(stack_names):
        for label, prefixes in BUCKETS[:-2]:
            if any(name.startswith(p) or ("!" + p) in name for p in prefixes):
                return label
    for name in reversed(stack_names):
        for label, prefixes in BUCKETS[-2:]:
            if any(name.startswith(p) or ("!" + p) in name for p in prefixes):
                return label
    return "other (runtime, BCL)"


def short(name, width=110):
    # "Module!Namespace.Type.Method(args)" -> without the module and the argument list.
    name = name.split("!", 1)[-1]
    paren = name.find("(")
    if paren > 0:
        name = name[:paren]
    return name if len(name) <= width else "…" + name[-(width - 1):]


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        sys.exit(2)
    path = args[0]
    top = int(args[args.index("--top") + 1]) if "--top" in args else 25
    if "--copy" in args:
        shutil.copy(path, args[args.index("--copy") + 1])
    with open(path) as f:
        doc = json.load(f)
    frames = [f["name"] for f in doc["shared"]["frames"]]

    inclusive = defaultdict(float)
    exclusive = defaultdict(float)
    buckets = defaultdict(float)
    cpu_total = 0.0
    wall_by_thread = 0.0
    for profile in doc["profiles"]:
        if profile.get("type") != "evented":
            continue
        stack = []
        last_at = None
        for event in profile["events"]:
            at = event["at"]
            if last_at is not None and stack and at > last_at:
                duration = at - last_at
                wall_by_thread += duration
                names = [frames[i] for i in stack if frames[i] not in PSEUDO]
                leaf = short(names[-1], 1000) if names else "?"
                if frames[stack[-1]] == "CPU_TIME" and not leaf.startswith(IDLE_LEAVES):
                    cpu_total += duration
                    for name in set(short(n) for n in names):
                        inclusive[name] += duration
                    if names:
                        exclusive[short(names[-1])] += duration
                    buckets[bucket(names)] += duration
            last_at = at
            if event["type"] == "O":
                stack.append(event["frame"])
            elif event["type"] == "C" and stack:
                stack.pop()

    unit = doc["profiles"][0].get("unit", "milliseconds") if doc["profiles"] else "milliseconds"
    scale = 1000.0 if unit == "seconds" else 1.0
    if cpu_total == 0:
        print("no managed CPU samples in the trace")
        return
    print(f"managed CPU samples: {cpu_total * scale / 1000:.2f} s of thread time "
          f"(all sampled thread time, waits included: {wall_by_thread * scale / 1000:.1f} s)")
    print("\nmanaged CPU by component (innermost known frame):")
    for label, t in sorted(buckets.items(), key=lambda kv: -kv[1]):
        print(f"  {100 * t / cpu_total:5.1f} %  {label}")
    skip = ("System.Threading.", "System.Runtime.CompilerServices.", "System.Private.CoreLib", "System.Threading.Tasks.")
    print(f"\ntop {top} methods by inclusive managed CPU (thread-pool and async plumbing left out):")
    shown = 0
    for name, t in sorted(inclusive.items(), key=lambda kv: -kv[1]):
        if (name.startswith(skip) or name.startswith(("Process", "Thread", "(Non-Activities)")) or name == ""
                or "AsyncStateMachineBox" in name or "ExecutionContextCallback" in name or "ExecutionContext.Run" in name):
            continue
        print(f"  {100 * t / cpu_total:5.1f} %  {name}")
        shown += 1
        if shown >= top:
            break
    print(f"\ntop {min(top, 15)} methods by exclusive managed CPU:")
    for name, t in sorted(exclusive.items(), key=lambda kv: -kv[1])[: min(top, 15)]:
        print(f"  {100 * t / cpu_total:5.1f} %  {name}")


if __name__ == "__main__":
    main()
