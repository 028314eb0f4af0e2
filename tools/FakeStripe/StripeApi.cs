using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace ApraNova.FakeStripe;

/// <summary>
/// The slice of the Stripe REST API the api calls, form-encoded in and JSON out like the real
/// one, so the real Stripe.net library works against it through <c>StripeClient(apiBase: …)</c>.
/// </summary>
public static class StripeApi
{
    public static IEndpointRouteBuilder MapStripeApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").AddEndpointFilter(RequireSecretKey).DisableAntiforgery();

        v1.MapPost("/checkout/sessions", CreateCheckoutSession).AddEndpointFilter(ReplayIdempotentRequests);
        v1.MapGet("/checkout/sessions/{id}", (string id, FakeStripeStore store) =>
            store.FindSession(id) is { } session
                ? Results.Json(session)
                : StripeJson.Error(404, $"No such checkout.session: '{id}'", "id", "resource_missing"));
        v1.MapPost("/checkout/sessions/{id}/expire", (string id, FakeStripeStore store) =>
            store.Expire(id, out var session)
                ? Results.Json(session)
                : StripeJson.Error(404, $"No such checkout.session: '{id}'", "id", "resource_missing"));
        v1.MapGet("/payment_intents/{id}", (string id, FakeStripeStore store) =>
            store.FindPaymentIntent(id) is { } intent
                ? Results.Json(intent)
                : StripeJson.Error(404, $"No such payment_intent: '{id}'", "id", "resource_missing"));
        v1.MapPost("/refunds", CreateRefund).AddEndpointFilter(ReplayIdempotentRequests);
        v1.MapGet("/events/{id}", (string id, FakeStripeStore store) =>
            store.FindEvent(id) is { } stripeEvent
                ? Results.Text(stripeEvent.Json, "application/json")
                : StripeJson.Error(404, $"No such event: '{id}'", "id", "resource_missing"));
        return app;
    }

    private static async Task<IResult> CreateCheckoutSession(HttpContext http, FakeStripeStore store, IOptions<FakeStripeOptions> options)
    {
        var form = await http.Request.ReadFormAsync();
        var mode = form["mode"].ToString();
        if (mode != "payment")
            return StripeJson.Error(400, "This fake supports only mode=payment.", "mode");
        var successUrl = form["success_url"].ToString();
        if (!Uri.TryCreate(successUrl, UriKind.Absolute, out _))
            return StripeJson.Error(400, "Not a valid URL", "success_url", "url_invalid");
        var cancelUrl = form["cancel_url"].ToString();
        if (cancelUrl.Length > 0 && !Uri.TryCreate(cancelUrl, UriKind.Absolute, out _))
            return StripeJson.Error(400, "Not a valid URL", "cancel_url", "url_invalid");

        // One line item with inline price_data: what the api sends (prices live in our database).
        const string item = "line_items[0]";
        var currency = form[$"{item}[price_data][currency]"].ToString();
        var name = form[$"{item}[price_data][product_data][name]"].ToString();
        if (!long.TryParse(form[$"{item}[price_data][unit_amount]"], NumberStyles.None, CultureInfo.InvariantCulture, out var unitAmount) || unitAmount <= 0)
            return StripeJson.Error(400, "Missing or invalid unit_amount.", $"{item}[price_data][unit_amount]");
        if (currency.Length != 3)
            return StripeJson.Error(400, "Missing or invalid currency.", $"{item}[price_data][currency]");
        if (name.Length == 0)
            return StripeJson.Error(400, "Missing required param: line_items[0][price_data][product_data][name].", $"{item}[price_data][product_data][name]");
        if (!long.TryParse(form[$"{item}[quantity]"], NumberStyles.None, CultureInfo.InvariantCulture, out var quantity) || quantity <= 0)
            return StripeJson.Error(400, "Missing or invalid quantity.", $"{item}[quantity]");

        var customerEmail = form["customer_email"].ToString();
        var now = store.Now;
        var expiresAt = long.TryParse(form["expires_at"], NumberStyles.None, CultureInfo.InvariantCulture, out var requested) ? requested : now + 24 * 3600;
        if (expiresAt < now + 30 * 60 || expiresAt > now + 24 * 3600)
            return StripeJson.Error(400, "expires_at must be between 30 minutes and 24 hours from now.", "expires_at");

        var id = StripeIds.New("cs_test", 58);
        var origin = options.Value.PublicUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{http.Request.Scheme}://{http.Request.Host}";
        var session = new CheckoutSession
        {
            Id = id,
            Created = now,
            ExpiresAt = expiresAt,
            Mode = mode,
            Currency = currency.ToLowerInvariant(),
            AmountTotal = unitAmount * quantity,
            ProductName = name,
            Quantity = quantity,
            SuccessUrl = successUrl,
            CancelUrl = cancelUrl.Length > 0 ? cancelUrl : null,
            CustomerEmail = customerEmail.Length > 0 ? customerEmail : null,
            ClientReferenceId = form["client_reference_id"].ToString() is { Length: > 0 } reference ? reference : null,
            Metadata = Nested(form, "metadata"),
            PaymentIntentMetadata = Nested(form, "payment_intent_data[metadata]"),
            Url = $"{origin}/checkout/{id}",
        };
        store.AddSession(session);
        return Results.Json(session.ToJson());
    }

    private static async Task<IResult> CreateRefund(HttpContext http, FakeStripeStore store)
    {
        var form = await http.Request.ReadFormAsync();
        long? amount = null;
        if (form.ContainsKey("amount"))
        {
            if (!long.TryParse(form["amount"], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                return StripeJson.Error(400, "Invalid integer: " + form["amount"], "amount");
            amount = parsed;
        }
        // ?webhooks=hold (fake only) records charge.refunded without delivering it, for tests that deliver by hand.
        var deliver = http.Request.Query["webhooks"] != "hold";
        var (refund, error) = store.CreateRefund(new FakeStripeStore.RefundRequest(
            Blank(form["payment_intent"]), Blank(form["charge"]), amount, Blank(form["reason"]), Nested(form, "metadata")), deliver);
        return refund is not null
            ? Results.Json(refund)
            : StripeJson.Error(error!.Value.Code == "resource_missing" ? 404 : 400, error.Value.Message, error.Value.Param, error.Value.Code);
    }

    private static string? Blank(Microsoft.Extensions.Primitives.StringValues value) => value.ToString() is { Length: > 0 } s ? s : null;

    /// <summary>Reads Stripe's bracketed form encoding of a hash, e.g. <c>metadata[track]=DP</c>.</summary>
    private static Dictionary<string, string> Nested(IFormCollection form, string prefix) =>
        form.Keys
            .Where(key => key.StartsWith(prefix + "[", StringComparison.Ordinal) && key.EndsWith(']') && key.IndexOf('[', prefix.Length + 1) < 0)
            .ToDictionary(key => key[(prefix.Length + 1)..^1], key => form[key].ToString());

    private static async ValueTask<object?> RequireSecretKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = context.HttpContext.RequestServices.GetRequiredService<IOptions<FakeStripeOptions>>().Value.ApiKey;
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        var key = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : "";
        var valid = expected.Length > 0 ? key == expected : key.StartsWith("sk_test_", StringComparison.Ordinal);
        return valid
            ? await next(context)
            : StripeJson.Error(401, $"Invalid API Key provided: {Redact(key)}");
    }

    private static string Redact(string key) => key.Length <= 12 ? "****" : key[..8] + new string('*', key.Length - 12) + key[^4..];

    /// <summary>Stripe.net sends an <c>Idempotency-Key</c> on every POST so its retries are safe; honour it.</summary>
    private static async ValueTask<object?> ReplayIdempotentRequests(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length == 0) return await next(context);

        var store = http.RequestServices.GetRequiredService<FakeStripeStore>();
        var scopedKey = $"{http.Request.Path}|{key}";
        if (store.TryGetIdempotentResponse(scopedKey, out var replay))
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
            return Results.Text(replay, "application/json");
        }
        var result = await next(context);
        if (result is IValueHttpResult { Value: JsonObject body } && result is IStatusCodeHttpResult { StatusCode: null or 200 })
            store.RememberIdempotentResponse(scopedKey, body.ToJsonString());
        return result;
    }
}
