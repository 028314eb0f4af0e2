namespace ApraNova.Tests.Rehearsal;

/// <summary>One span as the OTLP receiver got it (ids in lowercase hex; no parent: empty).</summary>
public sealed record ReceivedSpan(string Service, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind);
