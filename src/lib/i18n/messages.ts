import { defaultLocale, type Locale } from './locales';

/**
 * The one message catalogue for everything the app itself says (questionnaire texts live in the
 * questionnaire files). Bokmål is the reference; `satisfies Catalogue` makes a missing or extra
 * key in Nynorsk or English a type error, and messages.spec.ts checks the placeholders match.
 */
const nb = {
	'app.name': 'Åpne data – spørreundersøkelser',
	'app.skipToContent': 'Hopp til innholdet',
	'app.language': 'Språk',
	'app.home': 'Forside',
	'app.footer': 'Et forskningsprosjekt om åpne data i kommunene.',
	'app.privacyLink': 'Personvern',

	'home.title': 'Spørreundersøkelser',
	'home.intro':
		'Her svarer du på spørreundersøkelser fra forskningsprosjektet om åpne data i kommunene. Svarene brukes til å forstå hva som hindrer kommuner i å dele data, og til å gjøre samskaping med næringsliv, innbyggere og frivillige organisasjoner bedre.',
	'home.open': 'Åpne undersøkelser',
	'home.none': 'Ingen undersøkelser er åpne akkurat nå.',
	'home.answer': 'Svar på «{title}»',
	'home.privacyTitle': 'Slik tar vi vare på svarene dine',
	'home.privacy1': 'Vi spør ikke om navn, e-post eller annet som kan identifisere deg.',
	'home.privacy2':
		'Vi lagrer ikke IP-adressen din eller hvilken nettleser du bruker sammen med svarene.',
	'home.privacy3':
		'Svarene dine lagres først når du sender dem. Til da ligger de bare i din egen nettleser.',
	'home.privacy4':
		'Du får en kvitteringskode når du sender. Ta vare på den hvis du senere vil be om at svaret slettes.',

	'survey.loading': 'Laster spørreskjemaet …',
	'survey.noscript':
		'Spørreskjemaet trenger JavaScript. Slå det på i nettleseren og last siden på nytt.',
	'survey.loadFailed': 'Spørreskjemaet kunne ikke lastes. Last siden på nytt for å prøve igjen.',
	'survey.whoTitle': 'Før du begynner',
	'survey.whoIntro': 'Spørsmålene tilpasses den som svarer. Velg det som passer best for deg.',
	'survey.audienceLegend': 'Jeg svarer som',
	'survey.municipalityLabel': 'Kommune',
	'survey.municipalityHint': 'Kommunen du svarer for, bor i eller samarbeider med.',
	'survey.municipalityOther': 'Annen kommune',
	'survey.municipalityOtherLabel': 'Navn på kommunen',
	'survey.start': 'Start',
	'survey.chooseAudience': 'Velg hvem du svarer som.',
	'survey.chooseMunicipality': 'Velg eller skriv inn en kommune.',
	'survey.resumed':
		'Vi fant svar du begynte på tidligere på denne enheten, og du kan fortsette der du slapp.',
	'survey.startOver': 'Start på nytt',
	'survey.autosave':
		'Svarene dine lagres i nettleseren mens du svarer, og sendes først når du trykker «Send inn».',
	'survey.sending': 'Sender svarene …',
	'survey.retrying': 'Fikk ikke kontakt med tjeneren. Prøver igjen om {seconds} sekunder …',
	'survey.sendFailed': 'Svarene kunne ikke sendes: {message}',
	'survey.retryNow': 'Prøv igjen nå',
	'survey.fixAnswers': 'Noen svar må rettes før de kan sendes:',

	'thanks.title': 'Takk for svaret!',
	'thanks.stored': 'Svarene dine er lagret.',
	'thanks.receipt': 'Kvitteringskode',
	'thanks.receiptHelp':
		'Ta vare på koden hvis du senere vil be om at svaret ditt slettes. Koden viser ikke hvem du er.',
	'thanks.back': 'Tilbake til forsiden',

	'audience.municipal': 'Kommuneansatt',
	'audience.business': 'Næringsliv',
	'audience.citizen': 'Innbygger',
	'audience.voluntary': 'Frivillig organisasjon',

	'error.title': 'Noe gikk galt',
	'error.notFound': 'Siden finnes ikke.',
	'error.surveyNotFound': 'Fant ingen spørreundersøkelse med id «{id}».',
	'error.back': 'Til forsiden',
	'error.malformedJson': 'Forespørselen er ikke gyldig JSON: {detail}',
	'error.wrongContentType': 'Forespørselen må sendes som application/json.',
	'error.bodyTooLarge': 'Forespørselen er for stor (mer enn {limit} byte).',
	'error.tooDeep': 'Forespørselen er nøstet for dypt (mer enn {max} nivåer).',
	'error.invalidBody': 'Forespørselen har feil form: {detail}',
	'error.validation': 'Svarene passer ikke til spørreskjemaet.',
	'error.audienceNotAllowed': 'Denne undersøkelsen er ikke for målgruppen «{audience}».',
	'error.unauthorized': 'Mangler eller ugyldig tilgangsnøkkel.',
	'error.unavailable': 'Tjenesten kan ikke ta imot svar akkurat nå. Prøv igjen senere.',
	'error.noSuchEndpoint': 'API-et har ingen slik adresse.',
	'error.methodNotAllowed': 'Metoden {method} er ikke tillatt på denne adressen.',
	'error.badRequest': 'Forespørselen er ugyldig.',
	'error.invalidQuery': 'Ugyldig parameter: {detail}',
	'error.tooManyRequests':
		'For mange innsendinger fra samme sted på kort tid. Vent {seconds} sekunder og prøv igjen.',

	'validation.required': 'Spørsmålet må besvares.',
	'validation.unknownQuestion': 'Spørreskjemaet har ikke dette spørsmålet.',
	'validation.hidden': 'Spørsmålet vises ikke for disse svarene, og skal ikke ha svar.',
	'validation.notAChoice': 'Verdien {value} er ikke et av svaralternativene.',
	'validation.wrongType': 'Svaret har feil type: forventet {expected}.',
	'validation.tooLong': 'Svaret er for langt (høyst {max} tegn).',
	'validation.tooShort': 'Svaret er for kort (minst {min} tegn).',
	'validation.outOfRange': 'Verdien må være mellom {min} og {max}.',
	'validation.tooMany': 'Velg høyst {max}.',
	'validation.tooFew': 'Velg minst {min}.',
	'validation.unknownRow': 'Raden {row} finnes ikke i spørsmålet.',
	'validation.unknownColumn': 'Kolonnen {column} finnes ikke i spørsmålet.',
	'validation.duplicate': 'Verdien {value} er valgt mer enn én gang.',
	'validation.exclusive': '«{value}» kan ikke kombineres med andre svar.',
	'validation.pattern': 'Svaret har ikke riktig format.',
	'validation.email': 'Skriv inn en gyldig e-postadresse.',
	'validation.expression': 'Svaret oppfyller ikke kravene i spørreskjemaet.',
	'validation.otherRequired': 'Beskriv hva du mener med «annet».',
	'validation.commentWithoutOther': 'Tekst for «annet» er bare tillatt når «annet» er valgt.',
	'validation.incomplete': 'Rangeringen må ta med alle alternativene.',
	'validation.invalid': 'Svaret er ugyldig.'
};

export type MessageKey = keyof typeof nb;
type Catalogue = Record<MessageKey, string>;

const nn = {
	'app.name': 'Opne data – spørjeundersøkingar',
	'app.skipToContent': 'Hopp til innhaldet',
	'app.language': 'Språk',
	'app.home': 'Framside',
	'app.footer': 'Eit forskingsprosjekt om opne data i kommunane.',
	'app.privacyLink': 'Personvern',

	'home.title': 'Spørjeundersøkingar',
	'home.intro':
		'Her svarer du på spørjeundersøkingar frå forskingsprosjektet om opne data i kommunane. Svara blir brukte til å forstå kva som hindrar kommunar i å dele data, og til å gjere samskaping med næringsliv, innbyggjarar og frivillige organisasjonar betre.',
	'home.open': 'Opne undersøkingar',
	'home.none': 'Ingen undersøkingar er opne akkurat no.',
	'home.answer': 'Svar på «{title}»',
	'home.privacyTitle': 'Slik tek vi vare på svara dine',
	'home.privacy1': 'Vi spør ikkje om namn, e-post eller anna som kan identifisere deg.',
	'home.privacy2': 'Vi lagrar ikkje IP-adressa di eller kva nettlesar du bruker saman med svara.',
	'home.privacy3':
		'Svara dine blir lagra først når du sender dei. Til då ligg dei berre i din eigen nettlesar.',
	'home.privacy4':
		'Du får ein kvitteringskode når du sender. Ta vare på han dersom du seinare vil be om at svaret blir sletta.',

	'survey.loading': 'Lastar spørjeskjemaet …',
	'survey.noscript':
		'Spørjeskjemaet treng JavaScript. Slå det på i nettlesaren og last sida på nytt.',
	'survey.loadFailed': 'Spørjeskjemaet kunne ikkje lastast. Last sida på nytt for å prøve igjen.',
	'survey.whoTitle': 'Før du byrjar',
	'survey.whoIntro': 'Spørsmåla blir tilpassa den som svarer. Vel det som passar best for deg.',
	'survey.audienceLegend': 'Eg svarer som',
	'survey.municipalityLabel': 'Kommune',
	'survey.municipalityHint': 'Kommunen du svarer for, bur i eller samarbeider med.',
	'survey.municipalityOther': 'Annan kommune',
	'survey.municipalityOtherLabel': 'Namnet på kommunen',
	'survey.start': 'Start',
	'survey.chooseAudience': 'Vel kven du svarer som.',
	'survey.chooseMunicipality': 'Vel eller skriv inn ein kommune.',
	'survey.resumed':
		'Vi fann svar du byrja på tidlegare på denne eininga, og du kan halde fram der du slapp.',
	'survey.startOver': 'Start på nytt',
	'survey.autosave':
		'Svara dine blir lagra i nettlesaren medan du svarer, og blir sende først når du trykkjer «Send inn».',
	'survey.sending': 'Sender svara …',
	'survey.retrying': 'Fekk ikkje kontakt med tenaren. Prøver igjen om {seconds} sekund …',
	'survey.sendFailed': 'Svara kunne ikkje sendast: {message}',
	'survey.retryNow': 'Prøv igjen no',
	'survey.fixAnswers': 'Nokre svar må rettast før dei kan sendast:',

	'thanks.title': 'Takk for svaret!',
	'thanks.stored': 'Svara dine er lagra.',
	'thanks.receipt': 'Kvitteringskode',
	'thanks.receiptHelp':
		'Ta vare på koden dersom du seinare vil be om at svaret ditt blir sletta. Koden viser ikkje kven du er.',
	'thanks.back': 'Tilbake til framsida',

	'audience.municipal': 'Kommunetilsett',
	'audience.business': 'Næringsliv',
	'audience.citizen': 'Innbyggjar',
	'audience.voluntary': 'Frivillig organisasjon',

	'error.title': 'Noko gjekk gale',
	'error.notFound': 'Sida finst ikkje.',
	'error.surveyNotFound': 'Fann inga spørjeundersøking med id «{id}».',
	'error.back': 'Til framsida',
	'error.malformedJson': 'Førespurnaden er ikkje gyldig JSON: {detail}',
	'error.wrongContentType': 'Førespurnaden må sendast som application/json.',
	'error.bodyTooLarge': 'Førespurnaden er for stor (meir enn {limit} byte).',
	'error.tooDeep': 'Førespurnaden er nøsta for djupt (meir enn {max} nivå).',
	'error.invalidBody': 'Førespurnaden har feil form: {detail}',
	'error.validation': 'Svara passar ikkje til spørjeskjemaet.',
	'error.audienceNotAllowed': 'Denne undersøkinga er ikkje for målgruppa «{audience}».',
	'error.unauthorized': 'Manglar eller ugyldig tilgangsnøkkel.',
	'error.unavailable': 'Tenesta kan ikkje ta imot svar akkurat no. Prøv igjen seinare.',
	'error.noSuchEndpoint': 'API-et har inga slik adresse.',
	'error.methodNotAllowed': 'Metoden {method} er ikkje tillaten på denne adressa.',
	'error.badRequest': 'Førespurnaden er ugyldig.',
	'error.invalidQuery': 'Ugyldig parameter: {detail}',
	'error.tooManyRequests':
		'For mange innsendingar frå same stad på kort tid. Vent {seconds} sekund og prøv igjen.',

	'validation.required': 'Spørsmålet må svarast på.',
	'validation.unknownQuestion': 'Spørjeskjemaet har ikkje dette spørsmålet.',
	'validation.hidden': 'Spørsmålet blir ikkje vist for desse svara, og skal ikkje ha svar.',
	'validation.notAChoice': 'Verdien {value} er ikkje eitt av svaralternativa.',
	'validation.wrongType': 'Svaret har feil type: venta {expected}.',
	'validation.tooLong': 'Svaret er for langt (høgst {max} teikn).',
	'validation.tooShort': 'Svaret er for kort (minst {min} teikn).',
	'validation.outOfRange': 'Verdien må vere mellom {min} og {max}.',
	'validation.tooMany': 'Vel høgst {max}.',
	'validation.tooFew': 'Vel minst {min}.',
	'validation.unknownRow': 'Rada {row} finst ikkje i spørsmålet.',
	'validation.unknownColumn': 'Kolonnen {column} finst ikkje i spørsmålet.',
	'validation.duplicate': 'Verdien {value} er vald meir enn éin gong.',
	'validation.exclusive': '«{value}» kan ikkje kombinerast med andre svar.',
	'validation.pattern': 'Svaret har ikkje rett format.',
	'validation.email': 'Skriv inn ei gyldig e-postadresse.',
	'validation.expression': 'Svaret oppfyller ikkje krava i spørjeskjemaet.',
	'validation.otherRequired': 'Skriv kva du meiner med «anna».',
	'validation.commentWithoutOther': 'Tekst for «anna» er berre tillaten når «anna» er vald.',
	'validation.incomplete': 'Rangeringa må ta med alle alternativa.',
	'validation.invalid': 'Svaret er ugyldig.'
} satisfies Catalogue;

const en = {
	'app.name': 'Open data – surveys',
	'app.skipToContent': 'Skip to content',
	'app.language': 'Language',
	'app.home': 'Home',
	'app.footer': 'A research project on open data in Norwegian municipalities.',
	'app.privacyLink': 'Privacy',

	'home.title': 'Surveys',
	'home.intro':
		'Here you answer surveys from the research project on open data in Norwegian municipalities. The answers help us understand what keeps municipalities from sharing data, and how to make co-creation with businesses, citizens and voluntary organisations work better.',
	'home.open': 'Open surveys',
	'home.none': 'No surveys are open right now.',
	'home.answer': 'Answer “{title}”',
	'home.privacyTitle': 'How we look after your answers',
	'home.privacy1': 'We do not ask for your name, e-mail or anything else that identifies you.',
	'home.privacy2': 'We do not store your IP address or which browser you use with your answers.',
	'home.privacy3':
		'Your answers are stored only when you send them. Until then they stay in your own browser.',
	'home.privacy4':
		'You get a receipt code when you send. Keep it if you may later want your answer deleted.',

	'survey.loading': 'Loading the questionnaire …',
	'survey.noscript':
		'The questionnaire needs JavaScript. Turn it on in your browser and reload the page.',
	'survey.loadFailed': 'The questionnaire could not be loaded. Reload the page to try again.',
	'survey.whoTitle': 'Before you start',
	'survey.whoIntro': 'The questions are adapted to who is answering. Choose what fits you best.',
	'survey.audienceLegend': 'I am answering as',
	'survey.municipalityLabel': 'Municipality',
	'survey.municipalityHint': 'The municipality you answer for, live in or work with.',
	'survey.municipalityOther': 'Another municipality',
	'survey.municipalityOtherLabel': 'Name of the municipality',
	'survey.start': 'Start',
	'survey.chooseAudience': 'Choose who you are answering as.',
	'survey.chooseMunicipality': 'Choose or type a municipality.',
	'survey.resumed':
		'We found answers you started earlier on this device; you can carry on where you left off.',
	'survey.startOver': 'Start over',
	'survey.autosave':
		'Your answers are kept in your browser while you answer, and are sent only when you press “Submit”.',
	'survey.sending': 'Sending your answers …',
	'survey.retrying': 'Could not reach the server. Trying again in {seconds} seconds …',
	'survey.sendFailed': 'Your answers could not be sent: {message}',
	'survey.retryNow': 'Try again now',
	'survey.fixAnswers': 'Some answers must be corrected before they can be sent:',

	'thanks.title': 'Thank you for answering!',
	'thanks.stored': 'Your answers have been stored.',
	'thanks.receipt': 'Receipt code',
	'thanks.receiptHelp':
		'Keep the code if you may later want your answer deleted. The code does not reveal who you are.',
	'thanks.back': 'Back to the start page',

	'audience.municipal': 'Municipal employee',
	'audience.business': 'Business',
	'audience.citizen': 'Citizen',
	'audience.voluntary': 'Voluntary organisation',

	'error.title': 'Something went wrong',
	'error.notFound': 'The page does not exist.',
	'error.surveyNotFound': 'There is no survey with id “{id}”.',
	'error.back': 'To the start page',
	'error.malformedJson': 'The request is not valid JSON: {detail}',
	'error.wrongContentType': 'The request must be sent as application/json.',
	'error.bodyTooLarge': 'The request is too large (more than {limit} bytes).',
	'error.tooDeep': 'The request is nested too deeply (more than {max} levels).',
	'error.invalidBody': 'The request has the wrong shape: {detail}',
	'error.validation': 'The answers do not fit the questionnaire.',
	'error.audienceNotAllowed': 'This survey is not for the audience “{audience}”.',
	'error.unauthorized': 'Missing or invalid access token.',
	'error.unavailable': 'The service cannot accept answers right now. Please try again later.',
	'error.noSuchEndpoint': 'The API has no such address.',
	'error.methodNotAllowed': 'The method {method} is not allowed at this address.',
	'error.badRequest': 'The request is not valid.',
	'error.invalidQuery': 'Invalid parameter: {detail}',
	'error.tooManyRequests':
		'Too many submissions from the same place in a short time. Wait {seconds} seconds and try again.',

	'validation.required': 'This question must be answered.',
	'validation.unknownQuestion': 'The questionnaire has no such question.',
	'validation.hidden': 'This question is not shown for these answers and must not have an answer.',
	'validation.notAChoice': 'The value {value} is not one of the choices.',
	'validation.wrongType': 'The answer has the wrong type: expected {expected}.',
	'validation.tooLong': 'The answer is too long (at most {max} characters).',
	'validation.tooShort': 'The answer is too short (at least {min} characters).',
	'validation.outOfRange': 'The value must be between {min} and {max}.',
	'validation.tooMany': 'Choose at most {max}.',
	'validation.tooFew': 'Choose at least {min}.',
	'validation.unknownRow': 'The row {row} does not exist in this question.',
	'validation.unknownColumn': 'The column {column} does not exist in this question.',
	'validation.duplicate': 'The value {value} is chosen more than once.',
	'validation.exclusive': '“{value}” cannot be combined with other answers.',
	'validation.pattern': 'The answer is not in the right format.',
	'validation.email': 'Enter a valid e-mail address.',
	'validation.expression': 'The answer does not meet the questionnaire’s requirements.',
	'validation.otherRequired': 'Describe what you mean by “other”.',
	'validation.commentWithoutOther': 'Text for “other” is allowed only when “other” is chosen.',
	'validation.incomplete': 'The ranking must include every choice.',
	'validation.invalid': 'The answer is invalid.'
} satisfies Catalogue;

export const catalogues: Record<Locale, Catalogue> = { nb, nn, en };

export type MessageParams = Record<string, string | number>;

/** The message `key` in `locale`, with `{name}` placeholders filled from `params`. */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
	const template = catalogues[locale]?.[key] ?? catalogues[defaultLocale][key];
	if (!params) return template;
	return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
		name in params ? String(params[name]) : whole
	);
}
