using System.Text.Json.Nodes;

namespace ApraNova.FakeStripe;

// The fake's state. Each object renders itself as the JSON Stripe returns for it (snake_case,
// "object" discriminator, unix timestamps, ids as strings) so Stripe.net deserializes it as the
// real thing. Only the fields our api reads plus the ones that make the shape recognisable.

public sealed class CheckoutSession
{
    public required string Id { get; init; }
    public required long Created { get; init; }
    public required long ExpiresAt { get; init; }
    public required string Mode { get; init; }
    public required string Currency { get; init; }
    public required long AmountTotal { get; init; }
    public required string ProductName { get; init; }
    public required long Quantity { get; init; }
    public required string SuccessUrl { get; init; }
    public string? CancelUrl { get; init; }
    public string? CustomerEmail { get; init; }
    public string? ClientReferenceId { get; init; }
    public required Dictionary<string, string> Metadata { get; init; }
    public required Dictionary<string, string> PaymentIntentMetadata { get; init; }
    public required string Url { get; init; }

    public string Status { get; set; } = "open";
    public string PaymentStatus { get; set; } = "unpaid";
    public string? PaidEmail { get; set; }
    public string? PaidName { get; set; }
    public string? PaymentIntentId { get; set; }

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["object"] = "checkout.session",
        ["amount_subtotal"] = AmountTotal,
        ["amount_total"] = AmountTotal,
        ["cancel_url"] = CancelUrl,
        ["client_reference_id"] = ClientReferenceId,
        ["created"] = Created,
        ["currency"] = Currency,
        ["customer_email"] = CustomerEmail,
        ["customer_details"] = PaidEmail is null ? null : new JsonObject
        {
            ["email"] = PaidEmail,
            ["name"] = PaidName,
        },
        ["expires_at"] = ExpiresAt,
        ["livemode"] = false,
        ["metadata"] = StripeJson.Map(Metadata),
        ["mode"] = Mode,
        ["payment_intent"] = PaymentIntentId,
        ["payment_status"] = PaymentStatus,
        ["status"] = Status,
        ["success_url"] = SuccessUrl,
        // Stripe stops handing out the URL once the session is no longer payable.
        ["url"] = Status == "open" ? Url : null,
    };
}

public sealed class PaymentIntent
{
    public required string Id { get; init; }
    public required long Created { get; init; }
    public required long Amount { get; init; }
    public required string Currency { get; init; }
    public required Dictionary<string, string> Metadata { get; init; }
    public string Status { get; set; } = "requires_payment_method";
    public string? LatestChargeId { get; set; }
    public string? ReceiptEmail { get; set; }
    public bool LastAttemptDeclined { get; set; }

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["object"] = "payment_intent",
        ["amount"] = Amount,
        ["amount_received"] = Status == "succeeded" ? Amount : 0,
        ["created"] = Created,
        ["currency"] = Currency,
        ["latest_charge"] = LatestChargeId,
        ["last_payment_error"] = LastAttemptDeclined && Status != "succeeded"
            ? new JsonObject
            {
                ["type"] = "card_error",
                ["code"] = "card_declined",
                ["decline_code"] = "generic_decline",
                ["message"] = "Your card was declined.",
            }
            : null,
        ["livemode"] = false,
        ["metadata"] = StripeJson.Map(Metadata),
        ["receipt_email"] = ReceiptEmail,
        ["status"] = Status,
    };
}

public sealed class Charge
{
    public required string Id { get; init; }
    public required long Created { get; init; }
    public required long Amount { get; init; }
    public required string Currency { get; init; }
    public required string PaymentIntentId { get; init; }
    public string? Email { get; init; }
    public long AmountRefunded { get; set; }

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["object"] = "charge",
        ["amount"] = Amount,
        ["amount_captured"] = Amount,
        ["amount_refunded"] = AmountRefunded,
        ["billing_details"] = new JsonObject { ["email"] = Email },
        ["captured"] = true,
        ["created"] = Created,
        ["currency"] = Currency,
        ["livemode"] = false,
        ["metadata"] = new JsonObject(),
        ["paid"] = true,
        ["payment_intent"] = PaymentIntentId,
        ["refunded"] = AmountRefunded >= Amount,
        ["status"] = "succeeded",
    };
}

public sealed class Refund
{
    public required string Id { get; init; }
    public required long Created { get; init; }
    public required long Amount { get; init; }
    public required string Currency { get; init; }
    public required string ChargeId { get; init; }
    public required string PaymentIntentId { get; init; }
    public string? Reason { get; init; }
    public required Dictionary<string, string> Metadata { get; init; }

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["object"] = "refund",
        ["amount"] = Amount,
        ["charge"] = ChargeId,
        ["created"] = Created,
        ["currency"] = Currency,
        ["metadata"] = StripeJson.Map(Metadata),
        ["payment_intent"] = PaymentIntentId,
        ["reason"] = Reason,
        ["status"] = "succeeded",
    };
}

/// <summary>A recorded event: the exact JSON that is (or would be) POSTed to the webhook endpoint.</summary>
public sealed record StripeEvent(string Id, string Type, long Created, string Json, IReadOnlyCollection<string> RelatedIds);

public static class StripeJson
{
    public static JsonObject Map(IReadOnlyDictionary<string, string> values)
    {
        var json = new JsonObject();
        foreach (var (key, value) in values)
            json[key] = value;
        return json;
    }

    /// <summary>Stripe's error envelope: <c>{"error": {"type", "code"?, "message", "param"?}}</c>.</summary>
    public static IResult Error(int status, string message, string? param = null, string? code = null,
        string type = "invalid_request_error") =>
        Results.Json(new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["type"] = type,
                ["code"] = code,
                ["message"] = message,
                ["param"] = param,
            },
        }, statusCode: status);
}
