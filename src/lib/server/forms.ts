/** Reads a text field from a submitted form, trimmed; absent or not text → ''. */
export function field(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value.trim() : '';
}
