namespace GcTool.Core.Platform;

/// <summary>How much a directory listing learns of each child beyond its name.</summary>
/// <remarks>
/// An lstat per child is most of what a listing costs, and <c>getdents64</c> already says each child's
/// type (d_type) on the file systems that matter (ext4, xfs, btrfs, tmpfs). A walk that only needs to know
/// which children are directories to descend and which are symlinks to read lstats only what it must;
/// a child whose type the listing does not say (DT_UNKNOWN) is always lstat'ed. Listings through
/// <see cref="System.IO.Abstractions"/> (tests) always lstat.
/// </remarks>
public enum ListingDetail
{
    /// <summary>lstat every child (<see cref="DirectoryChild.Status"/> set unless lstat failed); read symlinks.</summary>
    Status,

    /// <summary>lstat regular files only (their inode and link count); directories and others by d_type; read symlinks.</summary>
    FileStatus,

    /// <summary>Names and kinds by d_type only: no lstat (unless d_type is unknown), no readlink.</summary>
    Kind,
}
