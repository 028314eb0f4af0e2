using System.Globalization;
using System.Net;
using System.Text;

namespace ApraNova.FakeStripe;

/// <summary>
/// The hosted Checkout page a session URL points at: an email field and Pay / Decline / Cancel.
/// Paying completes the session and sends the webhooks, then redirects to the success URL,
/// as Stripe Checkout does. Plain HTML forms so browser tests can drive it.
/// </summary>
public static class CheckoutPage
{
    public static IEndpointRouteBuilder MapCheckoutPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/checkout/{id}", (string id, FakeStripeStore store) =>
            store.SessionForPage(id) is { } session
                ? Html(Render(session, error: null))
                : Html(Message("Checkout session not found", "This link is not valid."), 404));

        // ?webhooks=hold records the events without delivering them: tests then deliver them
        // themselves, duplicated, reordered or concurrently.
        app.MapPost("/checkout/{id}", async (string id, HttpContext http, FakeStripeStore store) =>
        {
            var session = store.SessionForPage(id);
            if (session is null) return Html(Message("Checkout session not found", "This link is not valid."), 404);

            var form = await http.Request.ReadFormAsync();
            var action = form["action"].ToString();
            if (action == "cancel")
                return session.CancelUrl is { } cancelUrl
                    ? Results.Redirect(cancelUrl)
                    : Html(Message("Payment cancelled", "You can close this page."));

            var email = session.CustomerEmail ?? form["email"].ToString().Trim();
            if (!IsEmail(email))
                return Html(Render(session, "Enter a valid email address."), 400);
            var name = form["name"].ToString().Trim() is { Length: > 0 } given ? given : null;
            var deliver = http.Request.Query["webhooks"] != "hold";

            return store.Pay(id, email, name, declineCard: action == "decline", deliver) switch
            {
                FakeStripeStore.PayOutcome.Paid => Results.Redirect(session.SuccessUrl.Replace("{CHECKOUT_SESSION_ID}", id, StringComparison.Ordinal)),
                FakeStripeStore.PayOutcome.Declined => Html(Render(session, "Your card was declined. Try another card."), 402),
                _ => Html(Message("This checkout session is no longer available", "It was already paid or it expired."), 409),
            };
        }).DisableAntiforgery();
        return app;
    }

    private static bool IsEmail(string email) =>
        email.Length is > 3 and <= 254 && email.IndexOf('@') is > 0 and var at && at < email.Length - 1 && !email.Contains(' ');

    private static IResult Html(string body, int status = 200) => Results.Content(body, "text/html; charset=utf-8", Encoding.UTF8, status);

    private static string Page(string title, string body) => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>{{E(title)}}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>
          body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1a1f36}
          .test{background:#ffde92;padding:.25rem .5rem;border-radius:4px;font-size:.8rem}
          label{display:block;margin:.75rem 0 .25rem} input{width:100%;padding:.5rem;box-sizing:border-box}
          .error{color:#c0123c} button{margin:.75rem .5rem 0 0;padding:.6rem 1.2rem}
        </style></head>
        <body><span class="test">TEST MODE · local fake Stripe</span>{{body}}</body></html>
        """;

    private static string Render(CheckoutSession session, string? error)
    {
        var amount = (session.AmountTotal / 100m).ToString("0.00", CultureInfo.InvariantCulture);
        var email = session.CustomerEmail is { } prefilled
            ? $"""<input id="email" name="email" type="email" value="{E(prefilled)}" readonly>"""
            : """<input id="email" name="email" type="email" autocomplete="email" required>""";
        var status = session.Status == "open"
            ? $$"""
              <form method="post">
                <label for="email">Email</label>{{email}}
                <label for="name">Name on card</label><input id="name" name="name" autocomplete="cc-name">
                {{(error is null ? "" : $"""<p class="error" role="alert">{E(error)}</p>""")}}
                <button type="submit" name="action" value="pay">Pay {{E(session.Currency.ToUpperInvariant())}} {{amount}}</button>
                <button type="submit" name="action" value="decline" formnovalidate>Pay with a declined card</button>
                <button type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
              </form>
              """
            : $"<p>This session is {E(session.Status)}.</p>";
        return Page($"Pay {session.ProductName}", $"<h1>{E(session.ProductName)}</h1><p>{E(session.Currency.ToUpperInvariant())} {amount}</p>{status}");
    }

    private static string Message(string title, string text) => Page(title, $"<h1>{E(title)}</h1><p>{E(text)}</p>");

    private static string E(string value) => WebUtility.HtmlEncode(value);
}
