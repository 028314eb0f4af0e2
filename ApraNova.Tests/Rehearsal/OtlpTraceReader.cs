namespace ApraNova.Tests.Rehearsal;

/// <summary>
/// Reads the few fields the rehearsal checks from an OTLP ExportTraceServiceRequest (protobuf
/// wire format, opentelemetry-proto trace/v1): resource_spans(1) → resource(1).attributes(1)
/// "service.name", scope_spans(2) → spans(2) → trace_id(1), span_id(2), parent_span_id(4), name(5), kind(6).
/// </summary>
public static class OtlpTraceReader
{
    public static IEnumerable<ReceivedSpan> Read(byte[] request)
    {
        var spans = new List<ReceivedSpan>();
        foreach (var resourceSpans in Fields(request).Where(f => f.Number == 1).Select(f => f.Bytes))
        {
            var service = "";
            foreach (var field in Fields(resourceSpans))
            {
                if (field.Number == 1)
                {
                    service = ServiceName(field.Bytes) ?? service;
                }
            }
            foreach (var scopeSpans in Fields(resourceSpans).Where(f => f.Number == 2).Select(f => f.Bytes))
            {
                foreach (var span in Fields(scopeSpans).Where(f => f.Number == 2).Select(f => f.Bytes))
                {
                    string traceId = "", spanId = "", parent = "", name = "";
                    var kind = 0;
                    foreach (var field in Fields(span))
                    {
                        switch (field.Number)
                        {
                            case 1: traceId = Convert.ToHexStringLower(field.Bytes); break;
                            case 2: spanId = Convert.ToHexStringLower(field.Bytes); break;
                            case 4: parent = Convert.ToHexStringLower(field.Bytes); break;
                            case 5: name = System.Text.Encoding.UTF8.GetString(field.Bytes); break;
                            case 6: kind = (int)field.Varint; break;
                        }
                    }
                    spans.Add(new ReceivedSpan(service, traceId, spanId, parent, name, kind));
                }
            }
        }
        return spans;
    }

    private static string? ServiceName(byte[] resource)
    {
        foreach (var attribute in Fields(resource).Where(f => f.Number == 1).Select(f => f.Bytes))
        {
            var fields = Fields(attribute).ToList();
            var key = fields.Where(f => f.Number == 1).Select(f => System.Text.Encoding.UTF8.GetString(f.Bytes)).FirstOrDefault();
            if (key == "service.name")
            {
                var value = fields.First(f => f.Number == 2).Bytes;
                return Fields(value).Where(f => f.Number == 1).Select(f => System.Text.Encoding.UTF8.GetString(f.Bytes)).FirstOrDefault();
            }
        }
        return null;
    }

    private readonly record struct Field(int Number, ulong Varint, byte[] Bytes);

    private static IEnumerable<Field> Fields(byte[] message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = ReadVarint(message, ref position);
            var number = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    yield return new Field(number, ReadVarint(message, ref position), []);
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref position);
                    yield return new Field(number, 0, message[position..(position + length)]);
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new FormatException($"Unsupported protobuf wire type in field {number}.");
            }
        }
    }

    private static ulong ReadVarint(byte[] message, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[position++];
            result |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
    }
}
