import { error } from '@sveltejs/kit';

/**
 * A submitted form, or 400 when the body cannot be read as one (a multipart body without its
 * boundary, a cut-off upload): the client's mistake, not a bug, so never a 500.
 */
export async function readForm(request: Request): Promise<FormData> {
	try {
		return await request.formData();
	} catch {
		error(400, 'The form could not be read.');
	}
}

/** Reads a text field from a submitted form, trimmed; absent or not text → ''. */
export function field(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value.trim() : '';
}
