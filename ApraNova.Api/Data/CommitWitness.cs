using System.Collections;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ApraNova.Api.Data;

/// <summary>
/// One change of a save, kept to tell later whether a transaction whose COMMIT failed had in fact
/// committed. PostgreSQL can commit and then die before its answer arrives (an RDS failover does
/// exactly this); retrying such a transaction would insert its rows a second time and fail on their
/// own keys (a 500 for a write that succeeded), or find its own work done and answer "already".
/// The transaction is atomic, so one of its changes, read back, answers for all of them: an
/// inserted row that exists, an updated row that holds the new values, a deleted row that is gone.
/// </summary>
public sealed class CommitWitness
{
    private readonly EntityEntry _entry;
    private readonly EntityState _state;
    private readonly (IProperty Property, object? Value)[] _newValues;

    private CommitWitness(EntityEntry entry)
    {
        _entry = entry;
        _state = entry.State;
        _newValues = entry.State == EntityState.Modified
            ? entry.Properties.Where(p => p.IsModified && !p.Metadata.IsConcurrencyToken).Select(p => (p.Metadata, p.CurrentValue)).ToArray()
            : [];
    }

    /// <summary>A witness among the changes about to be saved, or null when there are none.</summary>
    public static CommitWitness? Of(ChangeTracker tracker)
    {
        var entries = tracker.Entries().ToList();
        var entry = entries.FirstOrDefault(e => e.State == EntityState.Added)
            ?? entries.FirstOrDefault(e => e.State == EntityState.Modified)
            ?? entries.FirstOrDefault(e => e.State == EntityState.Deleted);
        return entry is null ? null : new CommitWitness(entry);
    }

    /// <summary>Whether the witnessed change is in the database (read by the entity's key).</summary>
    public async Task<bool> CommittedAsync(CancellationToken cancellationToken)
    {
        var stored = await _entry.GetDatabaseValuesAsync(cancellationToken);
        return _state switch
        {
            EntityState.Added => stored is not null,
            EntityState.Deleted => stored is null,
            _ => stored is not null && _newValues.All(p => SameStoredValue(stored[p.Property], p.Value)),
        };
    }

    // PostgreSQL keeps instants to the microsecond; .NET's clock has 100 ns ticks.
    private static bool SameStoredValue(object? stored, object? saved) => (stored, saved) switch
    {
        (DateTimeOffset a, DateTimeOffset b) => a.UtcTicks / 10 == b.UtcTicks / 10,
        (DateTime a, DateTime b) => a.Ticks / 10 == b.Ticks / 10,
        _ => StructuralComparisons.StructuralEqualityComparer.Equals(stored, saved),
    };
}
