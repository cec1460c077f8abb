import { z } from 'zod';
import { brandSchema, sitePathSchema, slugSchema } from '../brand/schema.ts';
import { cardLayouts } from '../cards/schema.ts';
import { convertRequestSchema } from '../referrals/schema.ts';
import { storySchema } from '../stories/schema.ts';

/** What an experiment can measure (the measurement vocabulary of DESIGN.md). */
export const experimentMetrics = ['shareRate', 'clickThrough', 'reshareRate', 'readRate', 'conversionRate'] as const;
export type ExperimentMetric = (typeof experimentMetrics)[number];

/**
 * How each metric is modelled. `binomial`: successes are exposures that succeeded at least once
 * (at most one per exposure), Beta(1,1) prior. `count`: successes are events per exposure with no
 * upper bound (clicks per share link), Gamma(1,1) prior with a Poisson likelihood.
 */
export const metricDefinitions: Record<ExperimentMetric, { kind: 'binomial' | 'count'; label: string; successes: string; exposures: string }> = {
  shareRate: { kind: 'binomial', label: 'share rate', successes: 'readers who created a share link', exposures: 'readers' },
  clickThrough: { kind: 'count', label: 'clicks per share link', successes: 'clicks', exposures: 'share links' },
  reshareRate: { kind: 'binomial', label: 'reshare rate', successes: 'unique visitors who reshared', exposures: 'unique visitors' },
  readRate: { kind: 'binomial', label: 'read rate', successes: 'reads', exposures: 'readers' },
  conversionRate: { kind: 'binomial', label: 'conversion rate', successes: 'readers who converted (the goal)', exposures: 'readers' },
};

/** `equal` splits traffic evenly; `bandit` re-weights it by Thompson sampling (compute-bandit-weights.ts). */
export const allocations = ['equal', 'bandit'] as const;
/** Only `running` experiments assign readers. */
export const experimentStatuses = ['draft', 'running', 'stopped'] as const;

/** Shipping rule defaults: chance to be best >= 95% and expected loss < 0.5% of the control's rate. */
export const DEFAULT_THRESHOLDS = { chanceToBeBest: 0.95, expectedLoss: 0.005 } as const;

/** Tina writes a cleared field as "" (or null): treat it as absent. */
const blank = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' || value === null ? undefined : value), schema.optional());

/** An object whose every field is blank is absent too (Tina keeps `{ "image": "" }`). */
const blankObject = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (value) =>
      value === null || (typeof value === 'object' && Object.values(value).every((inner) => inner === '' || inner === null || inner === undefined))
        ? undefined
        : value,
    schema.optional(),
  );

/**
 * What a variant may change, one line per field; a field a variant leaves out keeps the story's
 * value. Adding a field here makes TypeScript ask for its Tina field (tina/collections/experiment.ts)
 * and its story value (apply-variant.ts).
 */
export const variedFieldSchemas = {
  /** Replaces the story's title on its page and cards. */
  headline: blank(storySchema.shape.title),
  summary: blank(storySchema.shape.summary),
  pullQuote: blank(storySchema.shape.pullQuote),
  /** Which image and layout the story's share cards use. */
  card: blankObject(z.strictObject({ image: blank(sitePathSchema), layout: blank(z.enum(cardLayouts, { error: `layout must be one of ${cardLayouts.join(', ')}` })) })),
  /** The call to action at the end of the story (the brand's by default). */
  cta: blankObject(z.strictObject({ text: blank(brandSchema.shape.cta.shape.label), href: blank(brandSchema.shape.cta.shape.url) })),
};
export type VariedField = keyof typeof variedFieldSchemas;
export const variedFields = Object.keys(variedFieldSchemas) as VariedField[];

/** One arm of an experiment: an id and the fields it changes. */
export const variantSchema = z.strictObject(
  {
    /** Short, stable id ("control", "b"); readers are assigned by it. */
    id: slugSchema.max(40, 'keep a variant id under 40 characters'),
    ...variedFieldSchemas,
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `${issue.keys.join(', ')} cannot vary: a variant sets id and any of ${variedFields.join(', ')}`
        : undefined,
  },
);
export type Variant = z.infer<typeof variantSchema>;

const metricSchema = z.enum(experimentMetrics, { error: `metric must be one of ${experimentMetrics.join(', ')}` });

/** An experiment as editors write it in TinaCMS (content/experiments/<id>.json). */
export const experimentSchema = z
  .object({
    name: z.string().trim().min(1, 'give the experiment a name').max(100, 'keep the name under 100 characters'),
    /** What is expected to change and why. */
    hypothesis: z.string().trim().min(1, 'write the hypothesis').max(1000, 'keep the hypothesis under 1000 characters'),
    /** Slug of the story it runs on. */
    story: slugSchema,
    /** The metric that decides. */
    metric: metricSchema,
    /** The goal counted by conversionRate (a goal name as POST /api/convert takes it). */
    goal: blank(convertRequestSchema.shape.goal),
    /** Metrics read out beside the primary one; they never decide. */
    secondary: z.array(metricSchema).default([]),
    allocation: z.enum(allocations, { error: `allocation must be ${allocations.join(' or ')}` }).default('equal'),
    status: z.enum(experimentStatuses, { error: `status must be one of ${experimentStatuses.join(', ')}` }).default('draft'),
    /** When to call a winner; both editable. */
    thresholds: z
      .object({
        /** Chance to be best a winner needs, as a fraction (0.95 = 95%). */
        chanceToBeBest: blank(
          z.number().gt(0.5, 'chanceToBeBest is a fraction above 0.5 (0.95 = 95%)').lt(1, 'chanceToBeBest is a fraction below 1 (0.95 = 95%)'),
        ).transform((value) => value ?? DEFAULT_THRESHOLDS.chanceToBeBest),
        /** Largest expected loss a winner may carry, relative to the control's rate (0.005 = 0.5%). */
        expectedLoss: blank(
          z.number().gt(0, 'expectedLoss is a fraction of the control rate above 0 (0.005 = 0.5%)').lt(1, 'expectedLoss is a fraction of the control rate below 1 (0.005 = 0.5%)'),
        ).transform((value) => value ?? DEFAULT_THRESHOLDS.expectedLoss),
      })
      .prefault({}),
    /** 2 to 4 variants; the first is the control. */
    variants: z
      .array(variantSchema)
      .min(2, 'an experiment needs a control and at least one other variant')
      .max(4, 'an experiment has at most 4 variants'),
  })
  .superRefine((experiment, context) => {
    const usesGoal = experiment.metric === 'conversionRate' || experiment.secondary.includes('conversionRate');
    if (usesGoal && !experiment.goal) {
      context.addIssue({ code: 'custom', path: ['goal'], message: 'conversionRate needs the goal it counts (e.g. newsletter)' });
    }
    experiment.secondary.forEach((metric, index) => {
      if (metric === experiment.metric || experiment.secondary.indexOf(metric) < index) {
        context.addIssue({ code: 'custom', path: ['secondary', index], message: `${metric} is already read out` });
      }
    });
    experiment.variants.forEach((variant, index) => {
      if (experiment.variants.findIndex((other) => other.id === variant.id) < index) {
        context.addIssue({ code: 'custom', path: ['variants', index, 'id'], message: `variant id "${variant.id}" is used twice` });
      }
    });
  });
export type ExperimentData = z.infer<typeof experimentSchema>;

/** An experiment with its id (the file name). */
export type Experiment = ExperimentData & { id: string };

/** Per variant id, the counts of one metric (a missing variant counts as 0 of 0). */
export const metricCountsSchema = z.record(
  z.string(),
  z.object({ exposures: z.number().int().nonnegative(), successes: z.number().int().nonnegative() }),
);
export type MetricCounts = z.infer<typeof metricCountsSchema>;

/** Traffic shares per variant id, summing to 1. */
export type Weights = Record<string, number>;

const probability = z.number().min(0).max(1);

/** One variant in a readout. */
export const variantReadoutSchema = z.object({
  id: z.string(),
  exposures: z.number(),
  successes: z.number(),
  /** successes / exposures (0 before the first exposure). */
  rate: z.number(),
  /** 95% equal-tailed credible interval of the rate. */
  interval: z.tuple([z.number(), z.number()]),
  /** null for the control itself. */
  chanceToBeatControl: probability.nullable(),
  chanceToBeBest: probability,
  /** Expected shortfall from the best variant when this one is chosen, in the metric's unit. */
  expectedLoss: z.number().nonnegative(),
  /** Share of traffic it gets now. */
  weight: probability,
});
export type VariantReadout = z.infer<typeof variantReadoutSchema>;

export const verdictDecisions = ['keep-running', 'ship', 'no-difference', 'check-assignment'] as const;

/** The answer of GET /api/dashboard/experiments/<id> (what readExperiment fills). */
export const experimentReadoutSchema = z.object({
  id: z.string(),
  story: z.string(),
  status: z.enum(experimentStatuses),
  metric: metricSchema,
  allocation: z.enum(allocations),
  startedAt: z.string().nullable(),
  variants: z.array(variantReadoutSchema),
  /** Sample-ratio-mismatch check of the exposures against the allocation. */
  srm: z.object({ pValue: probability, mismatch: z.boolean() }),
  verdict: z.object({ decision: z.enum(verdictDecisions), winner: z.string().nullable(), text: z.string() }),
  secondary: z.array(z.object({ metric: metricSchema, variants: z.array(variantReadoutSchema) })),
});
export type ExperimentReadout = z.infer<typeof experimentReadoutSchema>;
export type Verdict = ExperimentReadout['verdict'];
