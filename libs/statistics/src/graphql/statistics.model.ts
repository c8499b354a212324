import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '@tandem/platform';
import { ArrayMaxSize, IsOptional, IsUUID, Matches } from 'class-validator';
import { DIMENSIONS, MEASURES } from '../statistics.measures';

/** The measures, by name (docs/design.md, "Statistics"). */
export const StatisticsMeasure = Object.fromEntries(Object.keys(MEASURES).map((name) => [name, name])) as { [K in keyof typeof MEASURES]: K };
/** The dimensions a measure may be cut by. */
export const StatisticsDimension = Object.fromEntries(Object.keys(DIMENSIONS).map((name) => [name, name])) as { [K in keyof typeof DIMENSIONS]: K };
registerEnumType(StatisticsMeasure, {
  name: 'StatisticsMeasure',
  valuesMap: Object.fromEntries(Object.values(MEASURES).map((measure) => [measure.name, { description: measure.title }])),
});
registerEnumType(StatisticsDimension, {
  name: 'StatisticsDimension',
  valuesMap: Object.fromEntries(Object.values(DIMENSIONS).map((dimension) => [dimension.name, { description: dimension.description }])),
});

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

@InputType({ description: 'Whose records and which months: whole months, `to` included; whole quarters publish the most' })
export class StatisticsFilterInput {
  @Field(() => [ID], { nullable: true, description: 'Only these jurisdictions (all when left out); narrows a table of one dimension at most, besides JURISDICTION' })
  @IsOptional()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  jurisdictionIds?: string[] | null;
  @Field({ description: 'The first month, as YYYY-MM' }) @Matches(MONTH, { message: 'must be a month as YYYY-MM' }) from!: string;
  @Field({ description: 'The last month, as YYYY-MM' }) @Matches(MONTH, { message: 'must be a month as YYYY-MM' }) to!: string;
}

@ObjectType({ description: 'A figure: its value, or null and suppressed when publishing it could help identify a child' })
export class StatisticsCellModel {
  @Field(() => Int, { nullable: true }) value!: number | null;
  @Field() suppressed!: boolean;
}

@ObjectType('StatisticsRow')
export class StatisticsRowModel {
  @Field() label!: string;
  @Field(() => [StatisticsCellModel], { description: 'One per column' }) cells!: StatisticsCellModel[];
  @Field(() => StatisticsCellModel) total!: StatisticsCellModel;
  @Field(() => Float, { nullable: true, description: "Share measures: the positive column's share of the row, where both are published" }) share!: number | null;
  @Field(() => Float, { nullable: true, description: 'The median in hours, where the row is published and has enough values' }) medianHours!: number | null;
}

@ObjectType('ReferenceFigure', { description: 'A public figure advocates quote, with its source' })
export class ReferenceFigureModel {
  @Field() id!: string;
  @Field() statement!: string;
  @Field(() => Float) value!: number;
  @Field({ description: 'CHILDREN or SHARE' }) unit!: string;
  @Field(() => Int) year!: number;
  @Field() area!: string;
  @Field() source!: string;
  @Field(() => String, { nullable: true }) sourceUrl!: string | null;
}

@ObjectType('StatisticsTable', { description: 'A measure cut by up to two dimensions, with row and column totals; small figures suppressed' })
export class StatisticsTableModel {
  @Field() measure!: string;
  @Field() title!: string;
  @Field() unit!: string;
  @Field(() => [String], { description: 'The dimensions as answered: MONTH may come back as QUARTER, and AGE_BAND as AGE_GROUP, where that keeps more data' }) dimensions!: string[];
  @Field(() => String, { nullable: true }) rowDimension!: string | null;
  @Field(() => String, { nullable: true, description: 'Null for a table of one column (ALL)' }) columnDimension!: string | null;
  @Field(() => [String]) columns!: string[];
  @Field(() => [StatisticsRowModel]) rows!: StatisticsRowModel[];
  @Field(() => [StatisticsCellModel]) columnTotals!: StatisticsCellModel[];
  @Field(() => StatisticsCellModel) total!: StatisticsCellModel;
  @Field(() => Float, { nullable: true }) share!: number | null;
  @Field(() => Float, { nullable: true }) medianHours!: number | null;
  @Field(() => String, { nullable: true, description: 'What the median is of' }) medianOf!: string | null;
  @Field() from!: string;
  @Field() to!: string;
  @Field(() => Int, { description: 'The smallest count published (STATISTICS_MIN_CELL)' }) minCell!: number;
  @Field({ description: 'Whether the measure is protected by suppression (counts of nights without a bed are not)' }) protected!: boolean;
  @Field(() => Int) suppressedCells!: number;
  @Field(() => [ReferenceFigureModel], { description: 'Public figures to read beside this one, each with its source' }) context!: ReferenceFigureModel[];
}

@ObjectType('StatisticsReleaseRules', { description: 'The disclosure rules a release was protected by' })
export class StatisticsReleaseRulesModel {
  @Field(() => Int) minCell!: number;
  @Field() primary!: string;
  @Field() complementary!: string;
  @Field() linked!: string;
  @Field() medians!: string;
  @Field() excluded!: string;
}

@ObjectType('StatisticsRelease', { description: 'A frozen, published set of statistics tables' })
export class StatisticsReleaseModel {
  @Field(() => ID) id!: string;
  @Field({ description: 'QUARTERLY (made by the worker once a quarter has ended), MANUAL, or MONTHLY (made by the worker before releases were quarterly)' }) kind!: string;
  @Field({ description: 'The first month, YYYY-MM' }) from!: string;
  @Field({ description: 'The last month, YYYY-MM' }) to!: string;
  @Field() madeAt!: Date;
  @Field(() => StatisticsReleaseRulesModel) rules!: StatisticsReleaseRulesModel;
  @Field(() => [StatisticsTableModel]) tables!: StatisticsTableModel[];
  @Field(() => [ReferenceFigureModel]) reference!: ReferenceFigureModel[];
}

export const StatisticsReleaseConnection = ConnectionType(StatisticsReleaseModel, 'StatisticsRelease');
