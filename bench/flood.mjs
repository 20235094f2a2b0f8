// Failed sign-ins, PARALLEL at a time, each from an address and with a username of its own,
// until the process is told to stop (SIGTERM); then prints how many got each status as JSON.
// A process of its own, so the benchmark's own measurements do not wait behind the flood's
// requests in one event loop. The server must read addresses from X-Forwarded-For.
//
//   node bench/flood.mjs http://127.0.0.1:3000 300
const [url, parallelArg] = process.argv.slice(2);
const parallel = Number(parallelArg);
/** @type {Record<string, number>} */
const statuses = {};
let stop = false;
let n = 0;
process.on('SIGTERM', () => (stop = true));
await Promise.all(
	Array.from({ length: parallel }, async () => {
		while (!stop) {
			const i = n++;
			let status = 'error';
			try {
				const response = await fetch(`${url}/admin?/login`, {
					method: 'POST',
					redirect: 'manual',
					headers: {
						'content-type': 'application/x-www-form-urlencoded',
						accept: 'text/html',
						origin: url,
						'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`
					},
					body: new URLSearchParams({ username: `flood-${i}`, password: `guess-${i}` })
				});
				await response.arrayBuffer();
				status = String(response.status);
			} catch {
				// Counted as an error.
			}
			statuses[status] = (statuses[status] ?? 0) + 1;
		}
	})
);
process.stdout.write(JSON.stringify(statuses));
