using ApraNova.Api.Data;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Stripe;
using Stripe.Checkout;

namespace ApraNova.Api.Features.Payments;

public enum WebhookOutcome
{
    /// <summary>The event's effects are committed.</summary>
    Applied,
    /// <summary>This event id was applied before: nothing changed.</summary>
    Duplicate,
    /// <summary>A type we do not handle, or an object that is not one of our payments.</summary>
    Ignored,
}

/// <summary>Stripe has not yet told us something we need (e.g. the buyer's email); Stripe's retry will.</summary>
public sealed class WebhookNotReadyException(string message) : Exception(message);

/// <summary>
/// Applies verified Stripe events to the ledger exactly once.
/// <list type="bullet">
/// <item>The event id goes into <c>processed_stripe_events</c> in the same transaction as the
/// effects (<c>ON CONFLICT DO NOTHING</c>), so a redelivery, or a racing duplicate, which waits on
/// the first one's uncommitted key, inserts nothing, finds nothing to apply and changes nothing.</item>
/// <item>Different events about one payment (completed and succeeded arrive together) serialize on
/// the payment row (<c>SELECT … FOR NO KEY UPDATE</c>), and states only move forward
/// (<see cref="PaymentState"/>), so any delivery order converges to the same result and the
/// "paid" effects (account, enrollment) happen on exactly one transition.</item>
/// <item>The emails that follow are queued in the same transaction (written by its SaveChanges):
/// a rolled-back attempt mails no one, and a committed one always does. Queued after the commit
/// instead, an email was lost for good when the task died (or the database went away) between the
/// commit and its insert: Stripe's redelivery is then a duplicate and mails nobody
/// (Faults/WebhookEmailCrashTests).</item>
/// </list>
/// Throughput: enrolling takes the track's trainer-assignment lock (<see cref="EnrollmentService"/>),
/// held until this transaction commits, so every paid webhook of a track queues on it. The
/// transaction therefore does everything else first (event key and payment row in one statement,
/// the account) and enrolls last, and runs without EF's automatic savepoints (two extra round
/// trips per save, most of them under that lock). A save that fails inside the transaction (a
/// unique index lost to a concurrent request: rare) would leave it aborted without them, so that
/// attempt is redone once, from the start, with savepoints, exactly as before.
/// </summary>
public sealed class StripeWebhookProcessor(
    ApraNovaDbContext db,
    StripeGateway stripe,
    AccountProvisioning accounts,
    UserManager<ApplicationUser> users,
    EnrollmentService enrollments,
    IAuditLog audit,
    PaymentEmails emails,
    TimeProvider clock,
    ILogger<StripeWebhookProcessor> logger)
{
    private abstract record Transition(string? PaymentIntentId);
    private sealed record ToPaid(string? PaymentIntentId, string? Email, string? Name) : Transition(PaymentIntentId);
    private sealed record ToFailed(string? PaymentIntentId, string? Reason, string? Email) : Transition(PaymentIntentId);
    /// <summary>A card was declined while the Checkout session stays open: the buyer can still pay on the same page, so nothing is final.</summary>
    private sealed record AttemptDeclined(string? PaymentIntentId, string? Reason, string? Email) : Transition(PaymentIntentId);
    /// <summary>The session expired unpaid: final. The buyer hears of it only if a payment was attempted and declined.</summary>
    private sealed record Expired(string? PaymentIntentId) : Transition(PaymentIntentId);
    private sealed record ToRefunded(string? PaymentIntentId) : Transition(PaymentIntentId);
    private sealed record LinkOnly(string? PaymentIntentId) : Transition(PaymentIntentId);
    /// <summary>
    /// A visitor's payment intent succeeded: who the buyer is (the email and name Checkout
    /// collected) is on the Checkout session only, and <c>checkout.session.completed</c>, which
    /// Stripe sends with this event, carries it and makes the payment paid. This one is recorded
    /// and changes nothing: asking Stripe for the session instead was an outbound call on the
    /// webhook's path for half of all payments, and a webhook that failed whenever Stripe's API did.
    /// </summary>
    private sealed record PaidOnceSessionCompletes() : Transition((string?)null);

    /// <summary>The event types <see cref="InterpretAsync"/> acts on; any other is acknowledged without a query.</summary>
    private static readonly HashSet<string> HandledTypes =
    [
        EventTypes.CheckoutSessionCompleted, EventTypes.CheckoutSessionAsyncPaymentSucceeded, EventTypes.CheckoutSessionAsyncPaymentFailed,
        EventTypes.CheckoutSessionExpired, EventTypes.PaymentIntentSucceeded, EventTypes.PaymentIntentPaymentFailed, EventTypes.ChargeRefunded,
    ];

    /// <summary>Whether events of this type are acted on; any other is acknowledged and ignored.</summary>
    public static bool Handles(string eventType) => HandledTypes.Contains(eventType);

    public async Task<WebhookOutcome> ProcessAsync(Event stripeEvent, CancellationToken cancellationToken)
    {
        if (!Handles(stripeEvent.Type))
        {
            // Stripe sends every type the endpoint subscribes to (a third of deliveries in the
            // benchmark): routine, so not logged at Information.
            logger.LogDebug("Ignoring Stripe event {EventId} of type {Type}", stripeEvent.Id, stripeEvent.Type);
            return WebhookOutcome.Ignored;
        }

        // A visitor's payment_intent.succeeded changes nothing whatever the payment's state
        // (PaidOnceSessionCompletes), and its metadata names the payment: recorded without reading it first.
        if (stripeEvent is { Type: EventTypes.PaymentIntentSucceeded, Data.Object: PaymentIntent { Metadata: var intentMetadata } }
            && intentMetadata?.ContainsKey(PaymentMetadata.UserId) != true
            && PaymentIdIn(intentMetadata) is { } visitorsPaymentId)
            return await RecordAsync(stripeEvent, visitorsPaymentId, cancellationToken);

        // A Checkout session's own event names our payment and says all it means (the buyer
        // included): it goes straight to the transaction, whose first statement records the event
        // and locks the payment. Read first, a redelivery cost one round trip less, but every
        // first delivery, the common case, one more.
        if (stripeEvent.Data.Object is Session { Metadata: var sessionMetadata } session
            && PaymentIdIn(sessionMetadata) is { } sessionsPaymentId
            && SessionTransition(stripeEvent.Type, session) is { } told and not ToPaid { Email: null })
            return await ApplyOnceAsync(stripeEvent, sessionsPaymentId, told, cancellationToken);

        // The usual redelivery is answered by the same read that finds the payment (whether the
        // event's key is recorded), without asking Stripe anything; the insert in the transaction
        // still settles races between deliveries arriving together.
        var (payment, transition) = await InterpretAsync(stripeEvent, cancellationToken);
        if (payment is { EventApplied: true })
            return WebhookOutcome.Duplicate;
        if (payment is null || transition is null)
        {
            logger.LogInformation("Ignoring Stripe event {EventId} of type {Type}", stripeEvent.Id, stripeEvent.Type);
            return WebhookOutcome.Ignored;
        }

        if (!Moves(payment.State, transition) && (payment.StripePaymentIntentId is not null || transition.PaymentIntentId is null))
        {
            // A late or repeated fact (the payment is at or past its state already, and linked to
            // its payment intent: states only move forward, so this stays true): it changes
            // nothing, and recording it as processed is one statement instead of a transaction
            // of four round trips. Half the events of a payment are such facts.
            return await RecordAsync(stripeEvent, payment.Id, cancellationToken);
        }

        if (transition is ToPaid { Email: null } paid)
        {
            var (email, name) = await FindBuyerAsync(payment, cancellationToken);
            transition = paid with { Email = email, Name = paid.Name ?? name };
        }
        return await ApplyOnceAsync(stripeEvent, payment.Id, transition, cancellationToken);
    }

    /// <summary>Applies the transition and records the event in one transaction, unless the event was applied before.</summary>
    private async Task<WebhookOutcome> ApplyOnceAsync(Event stripeEvent, Guid paymentId, Transition transition, CancellationToken cancellationToken)
    {
        try
        {
            bool applied;
            try
            {
                applied = await ApplyInTransactionAsync(stripeEvent, paymentId, transition, savepoints: false, cancellationToken);
            }
            catch (Exception ex) when (AbortedTransaction(ex))
            {
                logger.LogInformation("Stripe event {EventId}: a save lost a race inside the transaction; applying it again with savepoints", stripeEvent.Id);
                applied = await ApplyInTransactionAsync(stripeEvent, paymentId, transition, savepoints: true, cancellationToken);
            }
            if (!applied)
            {
                logger.LogInformation("Stripe event {EventId} was already applied", stripeEvent.Id);
                return WebhookOutcome.Duplicate;
            }
        }
        catch (Exception ex) when (IsNotOurPayment(ex))
        {
            logger.LogInformation("Ignoring Stripe event {EventId} of type {Type}: no payment {PaymentId}", stripeEvent.Id, stripeEvent.Type, paymentId);
            return WebhookOutcome.Ignored;
        }
        catch (Exception ex) when ((ex as PostgresException ?? ex.InnerException as PostgresException) is
        {
            SqlState: PostgresErrorCodes.UniqueViolation,
            ConstraintName: ProcessedStripeEventConfiguration.PrimaryKeyName,
        })
        {
            // Not from the event's own insert (it does nothing on a conflict), but kept for any
            // other writer of the key.
            logger.LogInformation("Stripe event {EventId} was already applied", stripeEvent.Id);
            return WebhookOutcome.Duplicate;
        }

        return WebhookOutcome.Applied;
    }

    /// <summary>
    /// The event's key was refused because the payment it names is not ours: the metadata key is
    /// ours, but anything with a Stripe account can send an event carrying it. Rare, so an error
    /// (no read of the payment before every insert).
    /// </summary>
    private static bool IsNotOurPayment(Exception ex) =>
        (ex as PostgresException ?? ex.InnerException as PostgresException) is
        {
            SqlState: PostgresErrorCodes.ForeignKeyViolation,
            ConstraintName: ProcessedStripeEventConfiguration.PaymentForeignKeyName,
        };

    /// <summary>
    /// Records an event that changes nothing as processed, in one statement: applied, or a
    /// duplicate when its key is recorded already (a racing twin waits on the first one's
    /// uncommitted key), or ignored when the payment is not ours (the key's foreign key refuses it).
    /// </summary>
    private async Task<WebhookOutcome> RecordAsync(Event stripeEvent, Guid paymentId, CancellationToken cancellationToken)
    {
        try
        {
            var inserted = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO processed_stripe_events (event_id, type, payment_id, processed_at)
                VALUES ({stripeEvent.Id}, {stripeEvent.Type}, {paymentId}, {clock.GetUtcNow()})
                ON CONFLICT (event_id) DO NOTHING
                """, cancellationToken);
            return inserted == 1 ? WebhookOutcome.Applied : WebhookOutcome.Duplicate;
        }
        catch (Exception ex) when (IsNotOurPayment(ex))
        {
            logger.LogInformation("Ignoring Stripe event {EventId} of type {Type}: no payment {PaymentId}", stripeEvent.Id, stripeEvent.Type, paymentId);
            return WebhookOutcome.Ignored;
        }
    }

    /// <summary>Applies the transition in one transaction; false when the event's key was recorded already (nothing changed).</summary>
    private async Task<bool> ApplyInTransactionAsync(Event stripeEvent, Guid paymentId, Transition transition,
        bool savepoints, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            db.Database.AutoSavepointsEnabled = savepoints;
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

                // One round trip: the event's key and the payment row, locked. A racing duplicate
                // waits on the first delivery's uncommitted key, then inserts nothing once it
                // commits, and so reads no payment: a duplicate without an error (an exception and
                // its error logs per racing duplicate were a visible share of the api's CPU). The
                // lock is NO KEY UPDATE: it serializes this payment's events, and leaves the key's
                // own check (a share lock on the key) of an event recorded meanwhile unblocked.
                var locked = await db.Payments.FromSql($"""
                    WITH applied AS (
                        INSERT INTO processed_stripe_events (event_id, type, payment_id, processed_at)
                        VALUES ({stripeEvent.Id}, {stripeEvent.Type}, {paymentId}, {clock.GetUtcNow()})
                        ON CONFLICT (event_id) DO NOTHING
                        RETURNING event_id)
                    SELECT * FROM payments WHERE id = {paymentId} AND EXISTS (SELECT 1 FROM applied) FOR NO KEY UPDATE
                    """).ToListAsync(cancellationToken);
                if (locked.Count == 0)
                    return false;
                await ApplyAsync(locked[0], transition, cancellationToken);

                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return true;
            }
            finally
            {
                db.Database.AutoSavepointsEnabled = true;
            }
        });
    }

    /// <summary>
    /// A statement failed inside the transaction (PostgreSQL then refuses the rest of it) for a
    /// reason a fresh attempt settles: a unique index lost to a concurrent request, other than
    /// the event's own key (that one means "already applied").
    /// </summary>
    private static bool AbortedTransaction(Exception ex)
    {
        var postgres = ex as PostgresException ?? ex.InnerException as PostgresException;
        return postgres is { SqlState: PostgresErrorCodes.InFailedSqlTransaction }
            or { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: not ProcessedStripeEventConfiguration.PrimaryKeyName };
    }

    /// <summary>Which payment the event is about and what it means for it. May ask Stripe; runs before the transaction.</summary>
    private async Task<(PaymentFacts? Payment, Transition? Transition)> InterpretAsync(Event stripeEvent, CancellationToken cancellationToken)
    {
        switch (stripeEvent.Data.Object)
        {
            case Session session when SessionTransition(stripeEvent.Type, session) is { } transition:
                return (await FindPaymentAsync(stripeEvent.Id, session.Metadata, FactsBySession, session.Id, cancellationToken), transition);

            case PaymentIntent intent when stripeEvent.Type is EventTypes.PaymentIntentSucceeded:
            {
                var payment = await FindPaymentAsync(stripeEvent.Id, intent.Metadata, FactsByIntent, intent.Id, cancellationToken);
                // A signed-in buyer's payment names its account already: paid now, whichever event comes first.
                Transition transition = payment is { UserId: not null }
                    ? new ToPaid(intent.Id, payment.Email, null)
                    : new PaidOnceSessionCompletes();
                return (payment, transition);
            }

            case PaymentIntent intent when stripeEvent.Type is EventTypes.PaymentIntentPaymentFailed:
                // Checkout keeps its session open after a decline and lets the buyer try another card:
                // this is not the payment's outcome (checkout.session.expired or a success is).
                return (await FindPaymentAsync(stripeEvent.Id, intent.Metadata, FactsByIntent, intent.Id, cancellationToken),
                    new AttemptDeclined(intent.Id, Storable(intent.LastPaymentError?.Message) ?? "The payment was declined.", Storable(intent.ReceiptEmail)));

            case Charge charge when stripeEvent.Type is EventTypes.ChargeRefunded:
            {
                if (!charge.Refunded)
                {
                    // A partial refund leaves the purchase standing; only a full refund withdraws.
                    logger.LogInformation("Charge {ChargeId} partially refunded; access unchanged", charge.Id);
                    return (null, null);
                }
                if (charge.PaymentIntentId is not { } intentId) return (null, null);
                var payment = await FactsByIntent(db, intentId, stripeEvent.Id, cancellationToken);
                // The refund can be delivered before the event that told us the payment intent;
                // the intent's metadata names our payment.
                if (payment is null && PaymentIdIn((await stripe.GetPaymentIntentAsync(intentId, cancellationToken)).Metadata) is { } fromMetadata)
                    payment = await FactsById(db, fromMetadata, stripeEvent.Id, cancellationToken);
                return (payment, new ToRefunded(intentId));
            }
            default:
                return (null, null);
        }
    }

    /// <summary>What a Checkout session's event means for its payment; null for a type that is not the session's.</summary>
    private static Transition? SessionTransition(string eventType, Session session) => eventType switch
    {
        // "completed" with payment_status unpaid: a delayed payment method; its outcome comes as async_payment_*.
        EventTypes.CheckoutSessionCompleted or EventTypes.CheckoutSessionAsyncPaymentSucceeded => session.PaymentStatus == "paid"
            ? new ToPaid(session.PaymentIntentId, Storable(session.CustomerDetails?.Email ?? session.CustomerEmail), BuyerName(session.CustomerDetails?.Name))
            : new LinkOnly(session.PaymentIntentId),
        EventTypes.CheckoutSessionAsyncPaymentFailed =>
            new ToFailed(session.PaymentIntentId, "The payment did not go through.", Storable(session.CustomerDetails?.Email)),
        EventTypes.CheckoutSessionExpired => new Expired(session.PaymentIntentId),
        _ => null,
    };

    /// <summary>Our payment's id, from the metadata we gave Stripe with the session (and its payment intent).</summary>
    private static Guid? PaymentIdIn(IDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(PaymentMetadata.PaymentId, out var raw) && Guid.TryParse(raw, out var id) ? id : null;

    /// <summary>
    /// What is read of a payment before the transaction, in one query: enough to find the buyer's
    /// email without reading it again, and whether this event was applied already.
    /// </summary>
    private sealed record PaymentFacts(Guid Id, PaymentState State, string? Email, Guid? UserId, string StripeSessionId,
        string? StripePaymentIntentId, bool EventApplied);

    /// <summary>
    /// Whether <paramref name="transition"/> moves a payment in <paramref name="state"/> (states only
    /// move forward, so a fact that does not is late or repeated and has no effect but being recorded).
    /// </summary>
    private static bool Moves(PaymentState state, Transition transition) => transition switch
    {
        ToPaid => state < PaymentState.Paid,
        ToFailed => state < PaymentState.Failed,
        AttemptDeclined or Expired => state == PaymentState.Pending,
        ToRefunded => state < PaymentState.Refunded,
        _ => false,
    };

    /// <summary>Our payment id from the metadata we gave Stripe, or else the payment with that Stripe id.</summary>
    private Task<PaymentFacts?> FindPaymentAsync(string eventId, IDictionary<string, string>? metadata,
        Func<ApraNovaDbContext, string, string, CancellationToken, Task<PaymentFacts?>> byStripeId, string stripeId,
        CancellationToken cancellationToken)
    {
        if (PaymentIdIn(metadata) is { } fromMetadata)
            return FactsById(db, fromMetadata, eventId, cancellationToken);
        return byStripeId(db, stripeId, eventId, cancellationToken);
    }

    // Compiled: every handled delivery runs one of these, and EF's per-call translation work
    // (extracting the parameters of the query's tree) was 8 % of the api's CPU under the webhook
    // benchmark. The three differ only in how the payment is found.
    private static readonly Func<ApraNovaDbContext, Guid, string, CancellationToken, Task<PaymentFacts?>> FactsById =
        EF.CompileAsyncQuery((ApraNovaDbContext db, Guid id, string eventId, CancellationToken _) =>
            db.Payments.AsNoTracking().Where(p => p.Id == id)
                .Select(p => new PaymentFacts(p.Id, p.State, p.Email, p.UserId, p.StripeSessionId, p.StripePaymentIntentId,
                    db.ProcessedStripeEvents.Any(e => e.EventId == eventId)))
                .FirstOrDefault());

    private static readonly Func<ApraNovaDbContext, string, string, CancellationToken, Task<PaymentFacts?>> FactsBySession =
        EF.CompileAsyncQuery((ApraNovaDbContext db, string sessionId, string eventId, CancellationToken _) =>
            db.Payments.AsNoTracking().Where(p => p.StripeSessionId == sessionId)
                .Select(p => new PaymentFacts(p.Id, p.State, p.Email, p.UserId, p.StripeSessionId, p.StripePaymentIntentId,
                    db.ProcessedStripeEvents.Any(e => e.EventId == eventId)))
                .FirstOrDefault());

    private static readonly Func<ApraNovaDbContext, string, string, CancellationToken, Task<PaymentFacts?>> FactsByIntent =
        EF.CompileAsyncQuery((ApraNovaDbContext db, string intentId, string eventId, CancellationToken _) =>
            db.Payments.AsNoTracking().Where(p => p.StripePaymentIntentId == intentId)
                .Select(p => new PaymentFacts(p.Id, p.State, p.Email, p.UserId, p.StripeSessionId, p.StripePaymentIntentId,
                    db.ProcessedStripeEvents.Any(e => e.EventId == eventId)))
                .FirstOrDefault());

    /// <summary>
    /// A paid session event without the buyer's email (Checkout always collects one, so not seen in
    /// practice): ask Stripe for the session as it is now, rather than refuse the payment.
    /// </summary>
    private async Task<(string? Email, string? Name)> FindBuyerAsync(PaymentFacts payment, CancellationToken cancellationToken)
    {
        if (payment.UserId is not null || payment.State >= PaymentState.Paid) return (payment.Email, null);
        // The name typed at checkout is on the session only; without it the account would be nameless.
        var session = await stripe.GetCheckoutSessionAsync(payment.StripeSessionId, cancellationToken);
        var email = Storable(session.CustomerDetails?.Email ?? session.CustomerEmail) ?? payment.Email
            ?? throw new WebhookNotReadyException($"Checkout session {payment.StripeSessionId} has no customer email yet.");
        return (email, BuyerName(session.CustomerDetails?.Name));
    }

    private async Task ApplyAsync(Payment payment, Transition transition, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var before = new { State = payment.State.ToString() };
        payment.StripePaymentIntentId ??= transition.PaymentIntentId;

        switch (transition)
        {
            case ToPaid paid when Moves(payment.State, paid):
            {
                var (user, created) = payment.UserId is { } buyerId
                    ? (await users.FindByIdAsync(buyerId.ToString()) ?? throw new InvalidOperationException($"Buyer {buyerId} of payment {payment.Id} no longer exists."), false)
                    : await accounts.FindOrCreateStudentAsync(
                        paid.Email ?? throw new WebhookNotReadyException($"No email for payment {payment.Id}."), paid.Name, cancellationToken);
                if (string.IsNullOrWhiteSpace(user.FullName) && !string.IsNullOrWhiteSpace(paid.Name))
                {
                    // The buyer's name from Checkout, for an account that has none yet (trainers see it).
                    user.FullName = paid.Name;
                    await users.UpdateAsync(user);
                }
                payment.State = PaymentState.Paid;
                payment.PaidAt = now;
                payment.UserId = user.Id;
                payment.Email ??= user.Email;
                payment.UpdatedAt = now;
                // The email is composed now, so the track's lock (below) waits for none of its reads;
                // it is queued with the transaction's last batch.
                var track = await emails.TrackNameAsync(payment.TrackCode, cancellationToken);
                var welcome = await emails.WelcomeAsync(user, track);

                // Enrolling takes the track's lock, held until the commit: it comes last, and
                // after it only one more batch (the payment's enrollment, the audit entry, the email).
                Enrollment? enrollment = null;
                string? unenrolledReason = null;
                try
                {
                    enrollment = created
                        ? await enrollments.EnrollNewAccountAsync(user.Id, payment.TrackCode, cancellationToken)
                        : await enrollments.EnrollAsync(user.Id, payment.TrackCode, null, cancellationToken);
                }
                catch (EnrollmentException ex) when (ex.Error is EnrollmentError.EnrolledElsewhere or EnrollmentError.NotAStudent)
                {
                    // The money is real, so the payment is recorded as paid; staff settle it (refund,
                    // or move the student) from the ledger, told why it could not be enrolled.
                    logger.LogWarning("Payment {PaymentId} is paid but {UserId} cannot be enrolled: {Reason}", payment.Id, user.Id, ex.Error);
                    if (db.Entry(payment).State == EntityState.Detached) db.Payments.Update(payment);
                    unenrolledReason = ex.Error == EnrollmentError.NotAStudent
                        ? "Paid with the email of a staff or trainer account, which is never enrolled as a student: refund it."
                        : "Paid, but the buyer already has an open enrollment in another track: refund or move them.";
                }

                payment.EnrollmentId = enrollment?.Id;
                payment.FailureReason = unenrolledReason;
                audit.Record(null, "payment.paid", "payment", payment.Id.ToString(), before,
                    new { State = payment.State.ToString(), payment.UserId, payment.EnrollmentId, AccountCreated = created });
                emails.Queue(enrollment is null ? PaymentEmails.NeedsAttention(user, track) : welcome);
                break;
            }
            case ToFailed failed when Moves(payment.State, failed):
            {
                payment.State = PaymentState.Failed;
                payment.FailedAt = now;
                payment.FailureReason = Truncate(failed.Reason, 500);
                payment.Email ??= failed.Email;
                audit.Record(null, "payment.failed", "payment", payment.Id.ToString(), before,
                    new { State = payment.State.ToString(), payment.FailureReason });
                if (payment.Email is { } to)
                {
                    var track = await emails.TrackNameAsync(payment.TrackCode, cancellationToken);
                    emails.Queue(emails.PaymentFailed(to, payment.TrackCode, track, payment.FailureReason, payment.AmountCents, payment.Currency, now));
                }
                break;
            }
            case AttemptDeclined declined when Moves(payment.State, declined):
            {
                // Recorded for the ledger and the result page; the payment stays pending and nobody is emailed.
                payment.FailureReason = Truncate($"Last attempt declined: {declined.Reason}", 500);
                payment.Email ??= declined.Email;
                audit.Record(null, "payment.attempt_declined", "payment", payment.Id.ToString(), before,
                    new { State = payment.State.ToString(), payment.FailureReason });
                break;
            }
            case Expired expired when Moves(payment.State, expired):
            {
                var declinedBefore = payment.FailureReason is not null;
                payment.State = PaymentState.Failed;
                payment.FailedAt = now;
                payment.FailureReason = declinedBefore ? payment.FailureReason : "The checkout session expired before any payment.";
                audit.Record(null, "payment.failed", "payment", payment.Id.ToString(), before,
                    new { State = payment.State.ToString(), payment.FailureReason });
                if (declinedBefore && payment.Email is { } to)
                {
                    var track = await emails.TrackNameAsync(payment.TrackCode, cancellationToken);
                    emails.Queue(emails.PaymentFailed(to, payment.TrackCode, track, "your card was declined and the payment page has expired",
                        payment.AmountCents, payment.Currency, now));
                }
                break;
            }
            case ToRefunded refunded when Moves(payment.State, refunded):
            {
                var wasPaid = payment.State == PaymentState.Paid;
                payment.State = PaymentState.Refunded;
                payment.RefundedAt = now;
                // Composed before withdrawing (which may lock), queued with the transaction.
                if (wasPaid && payment.Email is { } to)
                    emails.Queue(await emails.RefundedAsync(to, payment, await emails.TrackNameAsync(payment.TrackCode, cancellationToken), now, cancellationToken));
                if (wasPaid && payment.UserId is { } studentId)
                    await enrollments.WithdrawAsync(studentId, null, $"Payment {payment.Id} refunded", cancellationToken);
                audit.Record(null, "payment.refunded", "payment", payment.Id.ToString(), before,
                    new { State = payment.State.ToString(), Withdrawn = wasPaid });
                break;
            }
            default:
                // Already at or past this state: a late or repeated fact, recorded as processed, no effect.
                break;
        }
        // Touched only when something changed (a late fact may still link the payment intent):
        // an unchanged payment costs no UPDATE. (Entry detects the payment's own changes.)
        if (db.Entry(payment).State == EntityState.Modified)
            payment.UpdatedAt = now;
    }

    /// <summary>Text from Stripe as we can keep it: the webhook's body is not checked at the door (<see cref="StorableTextMiddleware.CleansItsOwnText"/>).</summary>
    private static string? Storable(string? text) => text is null ? null : StorableText.Clean(text);

    /// <summary>The name typed at Stripe's checkout as an account keeps it: cleaned, trimmed, and cut to our column (Stripe has no limit).</summary>
    private static string? BuyerName(string? name) =>
        Storable(name)?.Trim() is { Length: > 0 } trimmed ? StorableText.Truncate(trimmed, ApplicationUser.MaxFullNameLength) : null;

    // Never inside a character: half of a surrogate pair could not be stored.
    private static string? Truncate(string? value, int length) => value is null ? null : StorableText.Truncate(value, length);
}
