namespace GcTool.Benchmarks;

/// <summary>The 1-minute load average, recorded around each measurement: the machine may be shared, so wall times are read with it.</summary>
public static class LoadAverage
{
    public static double Read() =>
        double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out var load) ? load : double.NaN;
}
