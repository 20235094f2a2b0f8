import { json } from '@sveltejs/kit';
import { isReady } from '$lib/server/app/context';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () =>
	isReady() ? json({ ok: true }) : json({ ok: false }, { status: 503 });
