import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	compilerOptions: {
		// Runes everywhere in our code; libraries decide for themselves.
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
	},
	kit: {
		typescript: {
			// Scripts (the survey checker, the start script, the benchmark) are type-checked with the app.
			config: (tsconfig) => ({
				...tsconfig,
				include: [
					...tsconfig.include,
					'../scripts/**/*.ts',
					'../scripts/**/*.js',
					'../bench/**/*.ts'
				]
			})
		},
		adapter: adapter({ precompress: true }),
		csrf: { trustedOrigins: [] },
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// SurveyJS and chart.js set inline style attributes; styles cannot run code.
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
