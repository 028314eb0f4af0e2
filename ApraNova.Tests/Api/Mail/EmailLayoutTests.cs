using System.Net;
using ApraNova.Api.Features.Mail;

namespace ApraNova.Tests.Api.Mail;

/// <summary>The HTML part: every word of the text, the action as a button, nothing unescaped.</summary>
public sealed class EmailLayoutTests
{
    private const string Link = "http://localhost:3000/reset-password?email=a%40b.dev&token=abc&x=1";

    [Fact]
    public void A_line_that_is_the_link_becomes_a_button_and_the_rest_of_the_text_stays()
    {
        var message = new EmailMessage("a@b.dev", "Reset your ApraNova password", $"""
            Hello Ada,

            Open this link within 24 hours to choose a new password:

            {Link}

            If you did not ask for this, ignore this email.
            """) { Action = new EmailAction("Choose a new password", Link) };

        var html = EmailLayout.Render(message);

        var encodedLink = WebUtility.HtmlEncode(Link);
        Assert.Contains($"<a href=\"{encodedLink}\" style=\"display:inline-block;", html, StringComparison.Ordinal);
        Assert.Contains(">Choose a new password</a>", html, StringComparison.Ordinal);
        Assert.Contains("Hello Ada,", html, StringComparison.Ordinal);
        Assert.Contains("Open this link within 24 hours to choose a new password:", html, StringComparison.Ordinal);
        Assert.Contains("If you did not ask for this, ignore this email.", html, StringComparison.Ordinal);
        Assert.Contains("<title>Reset your ApraNova password</title>", html, StringComparison.Ordinal);
        // The link itself no longer sits in a text paragraph: it is the button (and the fallback line under it).
        Assert.DoesNotContain($"<p style=\"margin:0 0 16px 0;\">{encodedLink}</p>", html, StringComparison.Ordinal);
        Assert.Contains($"If the button does not work, open this link: <a href=\"{encodedLink}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_inside_a_sentence_keeps_the_sentence_and_the_button_follows_it()
    {
        var message = new EmailMessage("a@b.dev", "Welcome", $"Hello,\n\nLog in to start: {Link}\n\nThe ApraNova team")
        {
            Action = new EmailAction("Log in", Link),
        };

        var html = EmailLayout.Render(message);

        var sentence = html.IndexOf($"Log in to start: {WebUtility.HtmlEncode(Link)}", StringComparison.Ordinal);
        var button = html.IndexOf(">Log in</a>", StringComparison.Ordinal);
        var signature = html.IndexOf("The ApraNova team", StringComparison.Ordinal);
        Assert.True(sentence > 0 && button > sentence && signature > button, html);
    }

    [Fact]
    public void Text_from_users_is_encoded_and_an_email_without_action_has_no_button()
    {
        var html = EmailLayout.Render(new EmailMessage("a@b.dev", "Hi <b>", "Hello <script>alert(1)</script> & co,\nsecond line"));

        Assert.Contains("Hello &lt;script&gt;alert(1)&lt;/script&gt; &amp; co,<br>second line", html, StringComparison.Ordinal);
        Assert.Contains("<title>Hi &lt;b&gt;</title>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("If the button does not work", html, StringComparison.Ordinal);
    }
}
