using GcTool.Core.Environments;

namespace GcTool.Core.Store;

/// <summary>The store as <c>roots add|remove</c> and the implicit roots see it: this host's root registry.</summary>
public interface IRootStore : IRootReader
{
    /// <summary>
    /// Adds a root; returns false if it was already registered. An explicit registration of a root
    /// registered implicitly makes it explicit; an implicit one never demotes an explicit root.
    /// </summary>
    bool AddRoot(RootPath root, long now, bool isImplicit = false);

    /// <summary>Removes a root, this host's discovery snapshot of it and the environments found under it; returns false if unknown.</summary>
    bool RemoveRoot(RootPath root);
}
