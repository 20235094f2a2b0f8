import { encode } from 'uqr';

/**
 * A QR code for an invitation link, drawn on the server as an inline SVG path (uqr, MIT): the
 * printed invitation needs no script, no image file and no request to another origin.
 *
 * Error correction M (15 % of the symbol may be lost: a fold or a smudge on a printed letter)
 * and the quiet zone of four modules that the standard (ISO/IEC 18004) asks for, so a phone
 * finds the code on a page with text around it.
 */
export interface QrCode {
	/** Modules per side, quiet zone included: the SVG's viewBox is `0 0 size size`. */
	size: number;
	/** The dark modules as one path, a rectangle per horizontal run of them, in module units. */
	path: string;
}

export const QUIET_ZONE = 4;

export function qrCode(text: string): QrCode {
	const { data, size } = encode(text, { ecc: 'M', border: QUIET_ZONE });
	return { size, path: pathOf(data) };
}

/** One `M x y h w v 1 h -w z` per run of dark modules in a row: a fifth of one per module. */
export function pathOf(data: readonly (readonly boolean[])[]): string {
	let path = '';
	data.forEach((row, y) => {
		let x = 0;
		while (x < row.length) {
			if (!row[x]) {
				x++;
				continue;
			}
			const start = x;
			while (x < row.length && row[x]) x++;
			path += `M${start} ${y}h${x - start}v1h${start - x}z`;
		}
	});
	return path;
}
