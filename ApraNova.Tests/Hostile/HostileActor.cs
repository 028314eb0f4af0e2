namespace ApraNova.Tests.Hostile;

/// <summary>
/// Who sends a hostile request: a signed-in user of a role (their access token), or someone
/// holding no token, a forged one, an expired one or an unsigned one.
/// </summary>
public sealed record HostileActor(string Name, string? AccessToken, bool IsStaff, bool HoldsValidToken, Guid? UserId = null)
{
    public override string ToString() => Name;
}
