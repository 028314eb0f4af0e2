using System.Buffers;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure;
using ApraNova.Api.Infrastructure.Http;
using ApraNova.Api.Infrastructure.RateLimiting;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace ApraNova.Api.Features.Payments;

public sealed record CheckoutRequest([Required(ErrorMessage = "Choose a track."), StringLength(16)] string TrackCode);
public sealed record CheckoutResponse(string Url, string SessionId);
public sealed record WebhookReceipt(bool Received, string Outcome);
public sealed record PaymentsConfigResponse(bool Enabled, string? PublishableKey);
public sealed record SessionEnrollment(Guid Id, string TrackCode, EnrollmentStatus Status);
/// <param name="Status">paid, processing (Stripe has the money, access is being set up), open (not paid yet: the buyer can
/// still pay on <paramref name="ResumeUrl"/>), pending (unknown yet), failed (final: nothing charged), refunded.</param>
/// <param name="ResumeUrl">While the Checkout page is still open: where to finish paying.</param>
/// <param name="LastAttemptDeclined">A card was declined on the still-open page (not final).</param>
public sealed record CheckoutSessionStatus(string SessionId, string TrackCode, string Status, string Message, SessionEnrollment? Enrollment,
    string? ResumeUrl = null, bool LastAttemptDeclined = false);

/// <summary>
/// Buying a track: Checkout, Stripe's webhooks, and the status the success page shows (mapped
/// under <c>/api/payments</c> by <see cref="PaymentsFeature"/>).
/// </summary>
internal static class CheckoutEndpoints
{
    // Stripe events are a few kilobytes; anything far bigger is not from Stripe.
    private const int MaxWebhookBytes = 512 * 1024;
    private const string LogCategory = "ApraNova.Api.Features.Payments.Checkout";

    public static RouteGroupBuilder MapCheckoutEndpoints(this RouteGroupBuilder payments)
    {
        payments.MapGet("/config", (IOptions<StripeOptions> options) =>
                TypedResults.Ok(new PaymentsConfigResponse(options.Value.IsConfigured,
                    options.Value.IsConfigured && options.Value.PublishableKey.Length > 0 ? options.Value.PublishableKey : null)))
            .WithName("GetPaymentsConfig").WithSummary("Whether payments are enabled, and Stripe's publishable key.");

        payments.MapPost("/checkout", StartCheckout)
            .ProducesValidationProblem()
            .WithName("StartCheckout")
            .WithSummary("Start a Stripe Checkout for a track, as a visitor (Stripe collects the email) or as a logged-in student.")
            .RequireIpRateLimit(RateLimitPolicyNames.CheckoutPerIp);

        payments.MapPost("/webhook", ReceiveWebhook)
            .WithName("StripeWebhook")
            .WithSummary("Stripe's signed events (checkout.session.completed, payment_intent.*, charge.refunded).")
            .DisableAntiforgery()
            // A buyer's name with a NUL in it must not refuse their payment: the processor cleans what it keeps.
            .CleansItsOwnText();

        payments.MapGet("/session/{sessionId}", GetSessionStatus)
            .WithName("GetCheckoutSessionStatus")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Status of a Checkout session for the success page. Never logs anyone in.");
        return payments;
    }

    private static async Task<Results<Ok<CheckoutResponse>, ValidationProblem, ProblemHttpResult>> StartCheckout(
        CheckoutRequest request, ClaimsPrincipal principal, HttpContext httpContext, ApraNovaDbContext db, StripeGateway stripe,
        IOptions<StripeOptions> options, IOptions<AppOptions> app, TimeProvider clock, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (!options.Value.IsConfigured)
            return PaymentProblems.NotConfigured();
        // Credentials that no longer pass (an access token that expired while the page was open)
        // are not a visitor's: served as anonymous, a student would pay as a new account. A 401
        // makes the web renew the session and send again.
        if (principal.Identity?.IsAuthenticated != true && httpContext.Request.Headers.Authorization.Count > 0)
            return Problems.Unauthorized("Your session has expired.", "Log in again to buy as yourself, or log out to buy as a visitor.");

        var code = TrackQueries.NormalizeCode(request.TrackCode);
        var track = await db.Tracks.AsNoTracking().Where(t => t.Code == code)
            .Select(t => new { t.Code, t.Name, t.PriceCents, t.Currency })
            .SingleOrDefaultAsync(cancellationToken);
        if (track is null)
            return Problems.Invalid("trackCode", $"There is no track '{request.TrackCode}'.");
        if (track.PriceCents <= 0)
            return Problems.Conflict("This track is not for sale.");

        Guid? buyerId = null;
        string? buyerEmail = null;
        if (principal.Identity?.IsAuthenticated == true)
        {
            if (!principal.IsInRole(Roles.Student))
                return Problems.Forbidden("Only students buy tracks.", "Staff and trainer accounts are enrolled by an admin.");
            var userId = principal.GetUserId();
            if (await db.Enrollments.AnyAsync(e => e.StudentId == userId && Enrollment.OpenStatuses.Contains(e.Status), cancellationToken))
                return Problems.Conflict("You are already enrolled.", "A student follows one track at a time.");
            buyerId = userId;
            buyerEmail = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
            if (buyerEmail is null)
                return Problems.Unauthorized("Your account no longer exists.");
        }

        var paymentId = Guid.CreateVersion7();
        var publicUrl = app.Value.PublicUrl.TrimEnd('/');
        var metadata = new Dictionary<string, string>
        {
            [PaymentMetadata.PaymentId] = paymentId.ToString(),
            [PaymentMetadata.TrackCode] = track.Code,
        };
        if (buyerId is { } id) metadata[PaymentMetadata.UserId] = id.ToString();

        Session session;
        try
        {
            session = await stripe.CreateCheckoutSessionAsync(new SessionCreateOptions
            {
                Mode = "payment",
                ClientReferenceId = paymentId.ToString(),
                CustomerEmail = buyerEmail,
                LineItems =
                [
                    new SessionLineItemOptions
                    {
                        Quantity = 1,
                        // The price comes from our database (admins change it), not from a Stripe Price object.
                        PriceData = new SessionLineItemPriceDataOptions
                        {
                            Currency = track.Currency,
                            UnitAmount = track.PriceCents,
                            ProductData = new SessionLineItemPriceDataProductDataOptions { Name = $"ApraNova {track.Name} ({track.Code})" },
                        },
                    },
                ],
                Metadata = metadata,
                // Payment intent events carry the intent's metadata, not the session's.
                PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = new Dictionary<string, string>(metadata) },
                SuccessUrl = $"{publicUrl}/checkout/success?session_id={{CHECKOUT_SESSION_ID}}",
                // Stripe fills {CHECKOUT_SESSION_ID} in the success URL only; the cancel page needs just the track.
                CancelUrl = $"{publicUrl}/checkout/cancelled?track={Uri.EscapeDataString(track.Code)}",
            }, idempotencyKey: $"checkout-{paymentId}", cancellationToken);
        }
        catch (Exception ex) when (ex is StripeException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            loggers.CreateLogger(LogCategory).LogError(ex, "Stripe refused or failed to create a Checkout session for {Track}", track.Code);
            return PaymentProblems.ProviderUnavailable();
        }

        var now = clock.GetUtcNow();
        // The row is written after Stripe answers: nobody can pay for a session before its URL is
        // returned below, so no webhook can look for this row before it exists.
        db.Payments.Add(new Payment
        {
            Id = paymentId,
            TrackCode = track.Code,
            AmountCents = session.AmountTotal ?? track.PriceCents,
            Currency = session.Currency ?? track.Currency,
            Email = buyerEmail,
            UserId = buyerId,
            StripeSessionId = session.Id,
            CreatedAt = now,
            UpdatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new CheckoutResponse(session.Url, session.Id));
    }

    private static async Task<Results<Ok<WebhookReceipt>, ProblemHttpResult>> ReceiveWebhook(
        HttpRequest request, IOptions<StripeOptions> options, StripeWebhookProcessor processor, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.IsConfigured)
            return PaymentProblems.NotConfigured();
        if (request.ContentLength > MaxWebhookBytes)
            return BadWebhook("The payload is too large.");
        var signature = request.Headers["Stripe-Signature"].ToString();
        if (signature.Length == 0)
            return BadWebhook("The Stripe-Signature header is missing.");

        // Read through the request's pipe (no per-request buffer: a fixed one of the maximum size
        // was a 1 MB large-object allocation for every delivery, most of a webhook's cost).
        string json;
        string? type;
        var body = request.BodyReader;
        while (true)
        {
            var read = await body.ReadAsync(cancellationToken);
            if (read.Buffer.Length > MaxWebhookBytes)
            {
                body.AdvanceTo(read.Buffer.End);
                return BadWebhook("The payload is too large.");
            }
            if (read.IsCompleted)
            {
                json = Encoding.UTF8.GetString(read.Buffer);
                type = PeekEventType(read.Buffer);
                body.AdvanceTo(read.Buffer.End);
                break;
            }
            body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        Event stripeEvent;
        try
        {
            // Verifies the HMAC over "t.payload" with our endpoint secret, then the timestamp
            // (replayed old deliveries are refused), then parses: not at all for a type we do not
            // handle (a third of deliveries), which is acknowledged as it is.
            EventUtility.ValidateSignature(json, signature, settings.WebhookSecret, settings.WebhookToleranceSeconds);
            if (type is not null && !StripeWebhookProcessor.Handles(type))
                return TypedResults.Ok(new WebhookReceipt(true, nameof(WebhookOutcome.Ignored).ToLowerInvariant()));
            stripeEvent = EventUtility.ParseEvent(json);
        }
        catch (Exception ex) when (ex is StripeException or System.Text.Json.JsonException or Newtonsoft.Json.JsonException
                                       or ArgumentException or FormatException or OverflowException or InvalidOperationException)
        {
            loggers.CreateLogger(LogCategory).LogWarning("Rejected a Stripe webhook: {Reason}", ex.Message);
            return BadWebhook(ex is StripeException ? ex.Message : "The payload is not a Stripe event.");
        }

        try
        {
            var outcome = await processor.ProcessAsync(stripeEvent, cancellationToken);
            return TypedResults.Ok(new WebhookReceipt(true, outcome.ToString().ToLowerInvariant()));
        }
        catch (Exception ex) when (ex is WebhookNotReadyException or StripeException or HttpRequestException)
        {
            // Not the sender's fault and nothing was committed: a non-2xx makes Stripe deliver again later.
            loggers.CreateLogger(LogCategory).LogWarning(ex, "Stripe event {EventId} could not be applied yet", stripeEvent.Id);
            return Problems.ServiceUnavailable("The event cannot be applied yet; retry later.");
        }
    }

    /// <summary>
    /// The event's top-level <c>type</c>, read without building the event (Stripe.net's parse is
    /// the costly part of a delivery); null when it cannot be read, and the full parse then judges.
    /// Trusted only once the signature is verified.
    /// </summary>
    private static string? PeekEventType(ReadOnlySequence<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("type"u8);
                reader.Read();
                if (isType)
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<Results<Ok<CheckoutSessionStatus>, ProblemHttpResult>> GetSessionStatus(
        string sessionId, ClaimsPrincipal principal, ApraNovaDbContext db, StripeGateway stripe, IOptions<StripeOptions> options,
        CancellationToken cancellationToken)
    {
        var payment = await db.Payments.AsNoTracking()
            .Where(p => p.StripeSessionId == sessionId)
            .Select(p => new { p.TrackCode, p.State, p.UserId, p.EnrollmentId, p.FailureReason })
            .SingleOrDefaultAsync(cancellationToken);
        if (payment is null)
            return Problems.NotFound("There is no such checkout session.");

        var (status, message) = payment.State switch
        {
            PaymentState.Paid => ("paid", "Payment received. Check your email for the next steps."),
            PaymentState.Failed => ("failed", "The payment did not go through. You have not been charged."),
            PaymentState.Refunded => ("refunded", "This payment was refunded."),
            _ => ("pending", "Waiting for the payment to be confirmed."),
        };
        string? resumeUrl = null;
        var declined = payment.State == PaymentState.Pending && payment.FailureReason is not null;
        // The ledger follows Stripe's webhooks, which can lag behind the buyer: until the ledger has
        // a final answer, Stripe's own view of the session is the truth (paid, still open, expired).
        if (payment.State is PaymentState.Pending or PaymentState.Failed && options.Value.IsConfigured)
        {
            try
            {
                var session = await stripe.GetCheckoutSessionAsync(sessionId, cancellationToken);
                (status, message, resumeUrl) = (session.PaymentStatus, session.Status) switch
                {
                    ("paid", _) =>
                        ("processing", "Payment received. We are setting up your access; check your email in a minute.", null),
                    (_, "open") => ("open", declined
                            ? "Your card was declined, so the payment is not complete. Nothing was charged; you can try another card on the payment page."
                            : "The payment is not complete yet. Nothing was charged; you can finish it on the payment page.",
                        session.Url),
                    (_, "expired") => ("failed", "The payment page expired before the payment went through. You have not been charged.", null),
                    _ => (status, message, null),
                };
            }
            catch (Exception ex) when (ex is StripeException or HttpRequestException)
            {
                // The ledger's answer stands.
            }
        }

        // Only the buyer, logged in, sees their enrollment. The session id alone reveals nothing
        // more and never signs anyone in.
        SessionEnrollment? enrollment = null;
        if (payment.EnrollmentId is { } enrollmentId && principal.Identity?.IsAuthenticated == true
            && payment.UserId == principal.GetUserId())
        {
            enrollment = await db.Enrollments.AsNoTracking().Where(e => e.Id == enrollmentId)
                .Select(e => new SessionEnrollment(e.Id, e.Track!.Code, e.Status))
                .SingleOrDefaultAsync(cancellationToken);
        }
        return TypedResults.Ok(new CheckoutSessionStatus(sessionId, payment.TrackCode, status, message, enrollment, resumeUrl,
            declined && status == "open"));
    }

    private static ProblemHttpResult BadWebhook(string detail) =>
        Problems.BadRequest("Invalid Stripe webhook.", detail);
}
