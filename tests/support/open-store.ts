// Opens a data folder from a separate process, as a second server would; used by the store tests.
import { openStore } from '../../src/lib/server/store';

try {
	const store = await openStore(process.argv[2]);
	console.log(`opened with ${store.responses.size} responses`);
	await store.close();
} catch (e) {
	console.error((e as Error).message);
	process.exit(3);
}
