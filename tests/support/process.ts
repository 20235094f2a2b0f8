import { readFile } from 'node:fs/promises';

/** CPU seconds (user + system) a process has used so far (Linux, /proc). */
export async function cpuSeconds(pid: number): Promise<number> {
	const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 a second).
	return (Number(fields[11]) + Number(fields[12])) / 100;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until a process uses less than 6 % of a core over half a second (after start-up a
 * server builds the dashboards' tallies in the background: seconds of CPU at 100 000
 * responses), at most `limitMs`; the milliseconds waited.
 */
export async function untilIdle(pid: number, limitMs = 60_000): Promise<number> {
	let waited = 0;
	for (let last = await cpuSeconds(pid); waited < limitMs; waited += 500) {
		await sleep(500);
		const now = await cpuSeconds(pid);
		if (now - last < 0.03) break;
		last = now;
	}
	return waited;
}
