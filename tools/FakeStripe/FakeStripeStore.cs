using System.Text.Json.Nodes;

namespace ApraNova.FakeStripe;

/// <summary>
/// In-memory state of the fake. One lock for everything: the fake serves a developer or a test
/// run, never production traffic, and a single lock keeps each state change atomic the way the
/// real API's are (a session is paid once, a charge is never refunded past its amount).
/// </summary>
public sealed class FakeStripeStore(TimeProvider clock, WebhookDispatcher dispatcher)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CheckoutSession> _sessions = [];
    private readonly Dictionary<string, PaymentIntent> _paymentIntents = [];
    private readonly Dictionary<string, Charge> _charges = [];
    private readonly Dictionary<string, Refund> _refunds = [];
    private readonly List<StripeEvent> _events = [];
    private readonly Dictionary<string, string> _idempotentResponses = [];

    public long Now => clock.GetUtcNow().ToUnixTimeSeconds();

    public void AddSession(CheckoutSession session)
    {
        lock (_gate) _sessions[session.Id] = session;
    }

    public JsonObject? FindSession(string id)
    {
        lock (_gate) return _sessions.GetValueOrDefault(id)?.ToJson();
    }

    public CheckoutSession? SessionForPage(string id)
    {
        lock (_gate) return _sessions.GetValueOrDefault(id);
    }

    public JsonObject? FindPaymentIntent(string id)
    {
        lock (_gate) return _paymentIntents.GetValueOrDefault(id)?.ToJson();
    }

    public IReadOnlyList<StripeEvent> EventsRelatedTo(string objectId)
    {
        lock (_gate) return _events.Where(e => e.RelatedIds.Contains(objectId)).ToList();
    }

    public StripeEvent? FindEvent(string id)
    {
        lock (_gate) return _events.FirstOrDefault(e => e.Id == id);
    }

    /// <summary>Stripe replays the first response for a repeated <c>Idempotency-Key</c>.</summary>
    public bool TryGetIdempotentResponse(string key, out string json)
    {
        lock (_gate) return _idempotentResponses.TryGetValue(key, out json!);
    }

    public void RememberIdempotentResponse(string key, string json)
    {
        lock (_gate) _idempotentResponses.TryAdd(key, json);
    }

    public enum PayOutcome { Paid, Declined, NotPayable }

    /// <summary>The customer submits the hosted page: the card is charged (or declined).</summary>
    public PayOutcome Pay(string sessionId, string email, string? name, bool declineCard, bool deliver)
    {
        lock (_gate)
        {
            if (!_sessions.TryGetValue(sessionId, out var session) || session.Status != "open")
                return PayOutcome.NotPayable;
            if (session.ExpiresAt <= Now)
            {
                session.Status = "expired";
                return PayOutcome.NotPayable;
            }

            var intent = session.PaymentIntentId is { } existing
                ? _paymentIntents[existing]
                : CreatePaymentIntent(session);
            intent.ReceiptEmail = email;
            var related = new[] { session.Id, intent.Id };

            if (declineCard)
            {
                intent.Status = "requires_payment_method";
                intent.LastAttemptDeclined = true;
                Record("payment_intent.payment_failed", intent.ToJson(), related, deliver);
                return PayOutcome.Declined;
            }

            var charge = new Charge
            {
                Id = StripeIds.New("ch"),
                Created = Now,
                Amount = intent.Amount,
                Currency = intent.Currency,
                PaymentIntentId = intent.Id,
                Email = email,
            };
            _charges[charge.Id] = charge;
            intent.Status = "succeeded";
            intent.LatestChargeId = charge.Id;
            session.Status = "complete";
            session.PaymentStatus = "paid";
            session.PaidEmail = email;
            session.PaidName = name;

            related = [session.Id, intent.Id, charge.Id];
            // Stripe's own order; the api must not depend on it (deliveries can arrive in any order).
            Record("charge.succeeded", charge.ToJson(), related, deliver);
            Record("payment_intent.succeeded", intent.ToJson(), related, deliver);
            Record("checkout.session.completed", session.ToJson(), related, deliver);
            return PayOutcome.Paid;
        }
    }

    private PaymentIntent CreatePaymentIntent(CheckoutSession session)
    {
        var intent = new PaymentIntent
        {
            Id = StripeIds.New("pi"),
            Created = Now,
            Amount = session.AmountTotal,
            Currency = session.Currency,
            Metadata = new Dictionary<string, string>(session.PaymentIntentMetadata),
        };
        _paymentIntents[intent.Id] = intent;
        session.PaymentIntentId = intent.Id;
        return intent;
    }

    public bool Expire(string sessionId, out JsonObject? session)
    {
        lock (_gate)
        {
            session = null;
            if (!_sessions.TryGetValue(sessionId, out var found)) return false;
            if (found.Status == "open")
            {
                found.Status = "expired";
                Record("checkout.session.expired", found.ToJson(), [found.Id], deliver: true);
            }
            session = found.ToJson();
            return true;
        }
    }

    public sealed record RefundRequest(string? PaymentIntentId, string? ChargeId, long? Amount, string? Reason, Dictionary<string, string> Metadata);

    /// <summary>Refunds a succeeded charge; <c>Error</c> carries Stripe's error (message, param, code).</summary>
    public (JsonObject? Refund, (string Message, string? Param, string? Code)? Error) CreateRefund(RefundRequest request, bool deliver = true)
    {
        lock (_gate)
        {
            Charge? charge = null;
            if (request.ChargeId is { } chargeId)
            {
                if (!_charges.TryGetValue(chargeId, out charge))
                    return (null, ($"No such charge: '{chargeId}'", "charge", "resource_missing"));
            }
            else if (request.PaymentIntentId is { } intentId)
            {
                if (!_paymentIntents.TryGetValue(intentId, out var intent))
                    return (null, ($"No such payment_intent: '{intentId}'", "payment_intent", "resource_missing"));
                if (intent.Status != "succeeded" || intent.LatestChargeId is null)
                    return (null, ($"This PaymentIntent ({intentId}) does not have a successful charge to refund.", "payment_intent", "charge_not_refundable"));
                charge = _charges[intent.LatestChargeId];
            }
            else
            {
                return (null, ("One of the following params should be provided for this request: payment_intent or charge.", null, "parameter_missing"));
            }

            var refundable = charge.Amount - charge.AmountRefunded;
            if (refundable <= 0)
                return (null, ($"Charge {charge.Id} has already been refunded.", null, "charge_already_refunded"));
            var amount = request.Amount ?? refundable;
            if (amount <= 0 || amount > refundable)
                return (null, ($"Refund amount ({amount}) is greater than unrefunded amount on charge ({refundable})", "amount", "amount_too_large"));

            var refund = new Refund
            {
                Id = StripeIds.New("re"),
                Created = Now,
                Amount = amount,
                Currency = charge.Currency,
                ChargeId = charge.Id,
                PaymentIntentId = charge.PaymentIntentId,
                Reason = request.Reason,
                Metadata = request.Metadata,
            };
            _refunds[refund.Id] = refund;
            charge.AmountRefunded += amount;

            var sessionId = _sessions.Values.FirstOrDefault(s => s.PaymentIntentId == charge.PaymentIntentId)?.Id;
            string[] related = sessionId is null ? [charge.Id, charge.PaymentIntentId, refund.Id] : [sessionId, charge.Id, charge.PaymentIntentId, refund.Id];
            Record("charge.refunded", charge.ToJson(), related, deliver);
            return (refund.ToJson(), null);
        }
    }

    private void Record(string type, JsonObject dataObject, IReadOnlyCollection<string> related, bool deliver)
    {
        var id = StripeIds.New("evt");
        var created = Now;
        var json = new JsonObject
        {
            ["id"] = id,
            ["object"] = "event",
            // The version the api's Stripe.net pins: EventUtility.ConstructEvent rejects others.
            ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
            ["created"] = created,
            ["data"] = new JsonObject { ["object"] = dataObject },
            ["livemode"] = false,
            ["pending_webhooks"] = deliver ? 1 : 0,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = type,
        }.ToJsonString();
        var stripeEvent = new StripeEvent(id, type, created, json, related);
        _events.Add(stripeEvent);
        if (deliver) dispatcher.Enqueue(stripeEvent);
    }
}
