using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace ApraNova.Api.Features.Mail;

/// <summary>Delivery through an SMTP relay (<c>Mail:Smtp</c>), text and HTML as alternative views.</summary>
public sealed class SmtpMailTransport(IOptionsMonitor<MailOptions> options) : IMailTransport
{
    public string Name => "smtp";

    public async Task SendAsync(OutboxEmail email, CancellationToken cancellationToken)
    {
        var smtp = options.CurrentValue.Smtp;
        using var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            EnableSsl = smtp.EnableSsl,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = 15_000,
        };
        if (!string.IsNullOrEmpty(smtp.Username))
        {
            client.Credentials = new NetworkCredential(smtp.Username, smtp.Password);
        }
        try
        {
            using var message = new MailMessage(new MailAddress(smtp.From).ToString(), email.To, email.Subject, email.TextBody);
            if (email.HtmlBody is not null)
            {
                message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(email.HtmlBody, null, "text/html"));
            }
            await client.SendMailAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is SmtpException or InvalidOperationException or FormatException or IOException)
        {
            throw new MailDeliveryException(ex.Message, ex);
        }
    }
}
