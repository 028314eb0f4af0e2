using ApraNova.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ApraNova.Api.Features.Payments;

/// <summary>The Payments feature's answers when Stripe is not there to talk to.</summary>
internal static class PaymentProblems
{
    public static ProblemHttpResult NotConfigured() =>
        Problems.ServiceUnavailable("Payments are not configured.", "This server has no Stripe keys; payments are not configured.");

    public static ProblemHttpResult ProviderUnavailable() =>
        Problems.BadGateway("The payment provider is unavailable.", "Stripe could not be reached or refused the request; try again shortly.");
}
