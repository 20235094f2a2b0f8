import type { Locale } from '../lib/i18n/locales';

/**
 * The demo's free texts (demo-story.ts), in the language the respondent answered in. Some
 * topics read differently after the change the story is about (`later`, in round 3 and the open
 * round after it): the common licence for the barriers, the data sent in advance for the Open
 * Data Challenge.
 */

type Texts = Record<Locale, readonly string[]>;
interface Topic {
	texts: Texts;
	later?: Texts;
}

const topics = {
	otherBarriers: {
		texts: {
			nb: [
				'Vi vet ikke hvem som skal godkjenne at et datasett publiseres.',
				'Fagsystemet kan bare eksportere til PDF og Excel.',
				'Det er vanskelig å få tid til dette ved siden av de vanlige oppgavene.',
				'Usikkerhet om personvern når data kan kobles med andre kilder.'
			],
			nn: [
				'Vi veit ikkje kven som skal godkjenne at eit datasett blir publisert.',
				'Fagsystemet kan berre eksportere til PDF og Excel.',
				'Det er vanskeleg å få tid til dette ved sida av dei vanlege oppgåvene.'
			],
			en: [
				'Nobody knows who is to approve publishing a dataset.',
				'The case system only exports to PDF and Excel.',
				'Hard to find the time for this next to our ordinary work.'
			]
		}
	},
	whatWouldHelp: {
		texts: {
			nb: [
				'En felles lisens for alle kommunene, så vi slipper å vurdere hvert datasett.',
				'Kurs i hvordan man beskriver datasett med metadata.',
				'Et fast kontaktpunkt i kommunen for spørsmål om data.',
				'Maler for avtaler med leverandørene om uttrekk av data.'
			],
			nn: [
				'Ein felles lisens for alle kommunane, så vi slepp å vurdere kvart datasett.',
				'Kurs i korleis ein skildrar datasett med metadata.',
				'Eit fast kontaktpunkt i kommunen for spørsmål om data.'
			],
			en: [
				'One common licence for every municipality, so each dataset need not be assessed.',
				'Training in describing datasets with metadata.',
				'One contact point in the municipality for questions about data.'
			]
		},
		later: {
			nb: [
				'Lisensen er avklart nå; det som mangler er folk som kan gjøre jobben.',
				'Kurs i hvordan man beskriver datasett med metadata.',
				'Flere kommuner bør publisere etter det samme skjemaet som energidataene.',
				'Tid og opplæring, ikke flere retningslinjer.'
			],
			nn: [
				'Lisensen er avklart no; det som manglar, er folk som kan gjere jobben.',
				'Fleire kommunar bør publisere etter det same skjemaet som energidataa.',
				'Tid og opplæring, ikkje fleire retningsliner.'
			],
			en: [
				'The licence is settled now; what is missing is people who can do the work.',
				'More municipalities should publish to the same schema as the energy data.',
				'Time and training, not more guidelines.'
			]
		}
	},
	assessmentComment: {
		texts: {
			nb: [
				'Vurderingen ble gjort sammen med IT og arkiv.',
				'Mye er i gang, men lite er vedtatt ennå.',
				'Vi er usikre på svarene om tjenestenivå.'
			],
			nn: [
				'Vurderinga vart gjord saman med IT og arkiv.',
				'Mykje er i gang, men lite er vedteke enno.'
			],
			en: [
				'We made the assessment together with IT and the archive.',
				'Much has started, little has been decided yet.'
			]
		}
	},
	evidence: {
		texts: {
			nb: ['Digitaliseringsstrategien, kapittel 4.', 'Se kommunens side om åpne data.'],
			nn: ['Digitaliseringsstrategien, kapittel 4.', 'Sjå sida til kommunen om opne data.'],
			en: ['The digitalisation strategy, chapter 4.', "See the municipality's open data page."]
		}
	},
	datasetsChallenge: {
		texts: {
			nb: ['Strømforbruk per bygg, time for time.', 'Energimerking av kommunale bygg.'],
			nn: ['Straumforbruk per bygg, time for time.', 'Energimerking av kommunale bygg.'],
			en: ['Hourly electricity use per building.', 'Energy labels of municipal buildings.']
		}
	},
	datasetsWorkshop: {
		texts: {
			nb: ['Lønn og stillinger, aggregert per enhet.', 'Budsjett og regnskap per tjeneste.'],
			nn: ['Løn og stillingar, aggregert per eining.', 'Budsjett og rekneskap per teneste.'],
			en: ['Pay and positions, aggregated per unit.', 'Budget and accounts per service.']
		}
	},
	workedChallenge: {
		texts: {
			nb: ['Spennende oppgave og engasjerte deltakere.', 'Godt å møte folk fra kommunen.'],
			nn: ['Spennande oppgåve og engasjerte deltakarar.', 'Godt å møte folk frå kommunen.'],
			en: ['An exciting task and keen participants.', 'Good to meet people from the municipality.']
		},
		later: {
			nb: [
				'Dataene og dokumentasjonen kom en uke før, så vi kunne starte med en gang.',
				'Datamentoren i gruppen svarte på alt om energidataene.',
				'Mye bedre enn i fjor: vi brukte tiden på ideer, ikke på å forstå dataene.'
			],
			nn: [
				'Dataa og dokumentasjonen kom ei veke før, så vi kunne starte med ein gong.',
				'Datamentoren i gruppa svarte på alt om energidataa.'
			],
			en: [
				'The data and its documentation came a week ahead, so we could start at once.',
				'The data mentor in our group answered everything about the energy data.'
			]
		}
	},
	workedWorkshop: {
		texts: {
			nb: ['Gode diskusjoner om hvem som eier dataene.', 'Nyttig å høre hvordan Bodø gjør det.'],
			nn: ['Gode diskusjonar om kven som eig dataa.', 'Nyttig å høyre korleis Bodø gjer det.'],
			en: ['Good discussions of who owns the data.', 'Useful to hear how Bodø does it.']
		}
	},
	changeChallenge: {
		texts: {
			nb: [
				'Dataene kom for sent og manglet dokumentasjon.',
				'Vi brukte halve dagen på å forstå kolonnene.',
				'Send ut dataene på forhånd.'
			],
			nn: [
				'Dataa kom for seint og mangla dokumentasjon.',
				'Vi brukte halve dagen på å forstå kolonnane.'
			],
			en: [
				'The data came too late and had no documentation.',
				'We spent half the day understanding the columns.'
			]
		},
		later: {
			nb: ['Litt lengre tid til å presentere til slutt.', 'Flere deltakere fra næringslivet.'],
			nn: ['Litt lengre tid til å presentere til slutt.', 'Fleire deltakarar frå næringslivet.'],
			en: ['A little more time for the presentations.', 'More participants from business.']
		}
	},
	changeWorkshop: {
		texts: {
			nb: ['Færre presentasjoner, mer gruppearbeid.', 'For mange tema på én dag.'],
			nn: ['Færre presentasjonar, meir gruppearbeid.', 'For mange tema på éin dag.'],
			en: ['Fewer presentations, more group work.', 'Too many topics for one day.']
		}
	},
	missingData: {
		texts: {
			nb: ['Data om kollektivtrafikk i sanntid.', 'Historiske data lenger tilbake enn 2019.'],
			nn: ['Data om kollektivtrafikk i sanntid.', 'Historiske data lenger tilbake enn 2019.'],
			en: ['Real-time public transport data.', 'Historical data from before 2019.']
		}
	},
	cameOfChallenge: {
		texts: {
			nb: ['Vi jobber videre med ideen sammen med en annen deltaker.', 'Ingenting konkret ennå.'],
			nn: ['Vi jobbar vidare med ideen saman med ein annan deltakar.', 'Ingenting konkret enno.'],
			en: ['We are developing the idea with another participant.', 'Nothing concrete yet.']
		},
		later: {
			nb: [
				'Vi har laget en prototyp på energidataene fra Bodø og Trondheim.',
				'Kommunen har åpnet to nye datasett etter forslag fra oss.'
			],
			nn: ['Vi har laga ein prototyp på energidataa frå Bodø og Trondheim.'],
			en: ['We have built a prototype on the energy data from Bodø and Trondheim.']
		}
	},
	cameOfWorkshop: {
		texts: {
			nb: ['Vi har beskrevet roller for publisering i vår enhet.', 'Lite, det ble med praten.'],
			nn: ['Vi har skildra roller for publisering i eininga vår.', 'Lite, det vart med pratet.'],
			en: ['We have described publishing roles in our unit.', 'Little, it stayed talk.']
		}
	},
	stoodInTheWay: {
		texts: {
			nb: ['Ingen tid satt av etter arrangementet.', 'Lederen prioriterte andre ting.'],
			nn: ['Inga tid sett av etter arrangementet.', 'Leiaren prioriterte andre ting.'],
			en: ['No time set aside after the event.', 'Our manager had other priorities.']
		}
	}
} satisfies Record<string, Topic>;

export type TextTopic = keyof typeof topics;

/** The texts a respondent in `round` (0, 1, 2; 3 for the open round) may write on a topic. */
export function storyTexts(topic: TextTopic, locale: Locale, round: number): readonly string[] {
	const entry: Topic = topics[topic];
	return (round >= 2 && entry.later ? entry.later : entry.texts)[locale];
}
