using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;

namespace GcTool.Core.Platform;

/// <summary>
/// Marshals a path or name <c>string</c> to a NUL-terminated C string of the exact bytes it stands for
/// (<see cref="OsPath"/>), for every P/Invoke that takes one: <c>StringMarshalling = Custom,
/// StringMarshallingCustomType = typeof(OsPathMarshaller)</c>.
/// </summary>
/// <remarks>
/// Replaces <c>StringMarshalling.Utf8</c>, which turns a byte that is not valid UTF-8 into U+FFFD and so
/// addresses another file (or none). Short paths are encoded into a stack buffer, as .NET's UTF-8
/// marshaller does, so the per-directory lstat of a rescan allocates nothing.
/// </remarks>
[CustomMarshaller(typeof(string), MarshalMode.ManagedToUnmanagedIn, typeof(ManagedToUnmanagedIn))]
public static unsafe class OsPathMarshaller
{
    public ref struct ManagedToUnmanagedIn
    {
        public static int BufferSize => 0x200;

        private byte* _native;
        private bool _allocated;

        public void FromManaged(string? managed, Span<byte> buffer)
        {
            _allocated = false;
            if (managed is null)
            {
                _native = null;
                return;
            }
            var length = OsPath.GetByteCount(managed) + 1;
            if (length > buffer.Length)
            {
                buffer = new Span<byte>(NativeMemory.Alloc((nuint)length), length);
                _allocated = true;
            }
            var written = OsPath.Encode(managed, buffer);
            buffer[written] = 0;
            _native = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(buffer));
        }

        public readonly byte* ToUnmanaged() => _native;

        public readonly void Free()
        {
            if (_allocated) NativeMemory.Free(_native);
        }
    }
}
