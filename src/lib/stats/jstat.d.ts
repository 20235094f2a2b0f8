// jStat ships no types; only what src/lib/stats uses is declared.
declare module 'jstat' {
	const jStat: {
		studentt: { cdf(x: number, df: number): number; inv(p: number, df: number): number };
		normal: {
			cdf(x: number, mean: number, sd: number): number;
			inv(p: number, mean: number, sd: number): number;
		};
	};
	export default jStat;
}
