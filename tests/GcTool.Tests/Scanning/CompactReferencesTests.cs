using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Scanning;
using GcTool.Core.Store;

namespace GcTool.Tests.Scanning;

public class CompactReferencesTests
{
    private const string Venv = "/home/u/proj/.venv";

    private static readonly ReferenceRecord[] Records =
    [
        new(new EntryKey(0, EntryId.Parse("AAA")), LinkMode.Symlink, 12, $"{Venv}/lib/python3.12/site-packages/pkg/__init__.py"),
        new(new EntryKey(0, EntryId.Parse("BBB")), LinkMode.Hardlink, 1, $"{Venv}/bin/tool"),
        new(new EntryKey(0, EntryId.Parse("BBB")), LinkMode.Symlink, 3, "/srv/shared-lib/python3.12/site-packages/b/é.py"),
        new(new EntryKey(1, EntryId.Parse("CCC")), LinkMode.Symlink, 7, $"{Venv}/lib/python3.12/site-packages/c.pth"),
    ];

    [Fact]
    public void ItemsReadBack_EqualTheRecords_InTheirOrder_InsideTheEnvironmentOrNot()
    {
        var compact = CompactReferences.From(Records, Venv, key => key);

        Assert.Equal(Records, compact);
        Assert.Equal(Records.Length, compact.Count);
        Assert.Equal(Records[2], compact[2]);
    }

    [Fact]
    public void EntryKeys_AreTheCanonicalInstances()
    {
        var canonical = new EntryKey(0, EntryId.Parse(new string("AAA".ToCharArray())));

        var compact = CompactReferences.From(Records, Venv, key => key == canonical ? canonical : key);

        Assert.Same(canonical.Id.Value, compact[0].Entry.Id.Value);
    }

    [Fact]
    public void ASampleWithAnEscapedByte_IsKeptExactly()
    {
        ReferenceRecord[] records = [new(new EntryKey(0, EntryId.Parse("AAA")), LinkMode.Symlink, 1, $"{Venv}/lib/bad\uDCFFname.py")];

        Assert.Equal(records, CompactReferences.From(records, Venv, key => key));
    }

    [Fact]
    public void NoRecords_IsEmpty() => Assert.Empty(CompactReferences.From([], Venv, key => key));
}
