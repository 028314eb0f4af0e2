using Microsoft.Extensions.Options;

namespace ApraNova.Api.Features.Receipts;

/// <summary>Runs <see cref="ReceiptIssuer"/> every <see cref="ReceiptOptions.PollInterval"/> in the background.</summary>
public sealed class ReceiptIssuingService(
    IServiceScopeFactory scopes, IOptionsMonitor<ReceiptOptions> options, TimeProvider clock, ILogger<ReceiptIssuingService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var issuer = scope.ServiceProvider.GetRequiredService<ReceiptIssuer>();
                while (await issuer.IssueDueAsync(stoppingToken) > 0)
                {
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Issuing receipts failed; trying again in {Interval}", options.CurrentValue.PollInterval);
            }
            await Task.Delay(options.CurrentValue.PollInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
