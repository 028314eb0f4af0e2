// TEMPORARY until branch `accounts` is merged: the contract's signatures so payments compiles. Deleted at that merge.
using ApraNova.Api.Features.Accounts;

namespace ApraNova.Api.Features.Accounts
{
    public sealed class AccountProvisioning
    {
        public Task<(ApplicationUser User, bool Created)> FindOrCreateStudentAsync(string email, string? fullName, CancellationToken cancellationToken) => throw new NotImplementedException();
        public Task<string> CreatePasswordSetupLinkAsync(ApplicationUser user) => throw new NotImplementedException();
    }
}

namespace ApraNova.Api.Features.Mail
{
    public sealed record EmailMessage(string To, string Subject, string TextBody, string? HtmlBody = null);

    public interface IEmailSender
    {
        Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
    }
}
