import { z } from 'zod';

/**
 * What copying the programme for another year is asked with: the back office's form (its
 * first step sends it as a query, the review as hidden fields) and the organizer API's body.
 */

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

const titlePattern = z
  .string({ error: 'required' })
  .trim()
  .min(1, 'required')
  .max(200, 'too_long:200')
  .refine((v) => v.includes('{title}'), 'title_placeholder');

export const ProgrammeCloneForm = z.object({
  events: z.preprocess(
    list,
    z
      .array(z.string({ error: 'choose_events' }).max(100, 'choose_events'), { error: 'choose_events' })
      .min(1, 'choose_events')
      .max(500, 'too_many'),
  ),
  weeks: z
    .string({ error: 'invalid_weeks' })
    .trim()
    .regex(/^\d{1,3}$/, 'invalid_weeks')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 260, 'invalid_weeks'),
  titlePattern,
  replaceYear: z.preprocess((v) => v === '1' || v === 'on', z.boolean()),
});

export const ProgrammeCloneBody = z.strictObject({
  events: z
    .array(z.string({ error: 'choose_events' }).min(1, 'choose_events').max(100, 'choose_events'), {
      error: 'choose_events',
    })
    .min(1, 'choose_events')
    .max(500, 'too_many')
    .describe('Addresses (slugs) of the events to copy; a cancelled or unknown one is refused'),
  weeks: z
    .int({ error: 'invalid_weeks' })
    .min(1, 'invalid_weeks')
    .max(260, 'invalid_weeks')
    .describe('Every date moves by this many weeks: each session keeps its weekday and its time in Riga'),
  titlePattern: titlePattern
    .default('{title}')
    .describe('The new titles (lv and en): {title} is the event’s title, {year} the year of the copy’s first session'),
  replaceYear: z
    .boolean({ error: 'invalid_choice' })
    .default(true)
    .describe('Years written in the titles (2026, 2026./2027.) move by as many years as the copy'),
  dryRun: z
    .boolean({ error: 'invalid_choice' })
    .default(false)
    .describe('true: answer what would be made (200, batch.id null) and make nothing'),
});

const time = z.iso.datetime({ offset: true }).describe('ISO-8601 date and time with the offset of the event timezone');
const titles = z.strictObject({ lv: z.string(), en: z.string() });

/** POST /admin/programme/clones: what was made (or, for a dry run, would be). */
export const ProgrammeCloneAnswer = z.strictObject({
  batch: z.strictObject({
    id: z.int().positive().nullable().describe('The batch of drafts; null for a dry run'),
    weeks: z.int().positive(),
    warnings: z.int().min(0).describe('Sessions that fall on a Saturday, a Sunday or a Latvian public holiday'),
    events: z.array(
      z.strictObject({
        slug: z.string().describe('The copy’s address'),
        source: z.string().describe('The address of the event copied'),
        title: titles,
        registration: z.strictObject({ opensAt: time, closesAt: time }),
        sessions: z.array(
          z.strictObject({
            title: titles,
            startsAt: time,
            endsAt: time,
            was: z.strictObject({ startsAt: time, endsAt: time }),
            warnings: z
              .array(z.string())
              .describe(
                'saturday, sunday, and the public holidays of the day: newYear, goodFriday, easter, easterMonday, ' +
                  'labourDay, independence, independenceMoved, mothersDay, whitsunday, midsummerEve, midsummer, ' +
                  'proclamation, proclamationMoved, christmasEve, christmas, secondChristmas, newYearsEve',
              ),
          }),
        ),
        quotas: z.array(
          z.strictObject({
            name: z.string(),
            size: z.int().min(0).describe('The copy’s size: the pool’s size as it was made'),
            sizeToday: z.int().min(0).describe('The size of the pool copied, today'),
          }),
        ),
      }),
    ),
  }),
});

/** POST /admin/programme/clones/{id}/publish */
export const CloneBatchPublishAnswer = z.strictObject({
  published: z.int().min(0).describe('Drafts of the batch published now (those published or cancelled since are left)'),
});
