import { app } from '$lib/server/app/context';
import type { PageServerLoad } from './$types';

const PAGE = 100;

// Admins only (access.ts).
export const load: PageServerLoad = ({ url }) => {
	const { store } = app();
	const offset = Math.max(0, Math.floor(Number(url.searchParams.get('from')) || 0));
	return {
		entries: store.audit.entries(PAGE, offset),
		offset,
		page: PAGE,
		total: store.audit.size
	};
};
