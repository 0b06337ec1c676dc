import assert from "node:assert/strict";
import type os from "node:os";
import { test } from "node:test";
import { cpuPercentBetween, cpuTimesOf, parseMeminfo, parseProcStatus } from "./host-readings.ts";

const STATUS = `Name:\tnode
Umask:\t0022
State:\tS (sleeping)
Pid:\t4242
VmPeak:\t 12001234 kB
VmSize:\t 11990000 kB
VmHWM:\t  1536000 kB
VmRSS:\t  1024000 kB
RssAnon:\t   900000 kB
Threads:\t14
`;

test("/proc/<pid>/status: resident memory and its peak in bytes (VmRSS, VmHWM, not VmPeak's virtual size)", () => {
  assert.deepEqual(parseProcStatus(STATUS), { rssBytes: 1024000 * 1024, peakBytes: 1536000 * 1024 });
  assert.deepEqual(parseProcStatus("Name:\tnode\nVmRSS:\t 2048 kB\n"), { rssBytes: 2048 * 1024, peakBytes: null });
  // A zombie (or a kernel thread) has no memory lines.
  assert.equal(parseProcStatus("Name:\tnode\nState:\tZ (zombie)\n"), null);
});

test("/proc/meminfo: total and available, with free + buffers + cache on kernels without MemAvailable", () => {
  const modern = "MemTotal:       16318412 kB\nMemFree:         1000000 kB\nMemAvailable:    8000000 kB\nBuffers:          200000 kB\nCached:          3000000 kB\n";
  assert.deepEqual(parseMeminfo(modern), { totalBytes: 16318412 * 1024, availableBytes: 8000000 * 1024 });
  const old = "MemTotal:        4000000 kB\nMemFree:         1000000 kB\nBuffers:          200000 kB\nCached:           300000 kB\n";
  assert.deepEqual(parseMeminfo(old), { totalBytes: 4000000 * 1024, availableBytes: 1500000 * 1024 });
  assert.equal(parseMeminfo(""), null);
});

const cpu = (user: number, sys: number, idle: number): os.CpuInfo => ({ model: "test", speed: 0, times: { user, nice: 0, sys, idle, irq: 0 } });

test("CPU utilisation over all cores from two readings of os.cpus()", () => {
  const before = cpuTimesOf([cpu(100, 50, 850), cpu(0, 0, 1000)]);
  // Core 0 busy for 400 of 400 ms, core 1 for 100 of 400 ms: 500 of 800 ms.
  const after = cpuTimesOf([cpu(400, 150, 850), cpu(50, 50, 1300)]);
  assert.deepEqual(before, { busyMs: 150, totalMs: 2000 });
  assert.equal(cpuPercentBetween(before, after), 62.5);
  assert.equal(cpuPercentBetween(after, after), null, "no time passed");
});
