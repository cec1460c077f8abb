import { scaleLinear } from 'd3-scale';
import { area, line } from 'd3-shape';

export type ChartBox = { width: number; height: number; top: number; bottom: number; left: number; right: number };

/**
 * The SVG paths of a small daily chart (one value per day, gaps drawn as gaps): an area under
 * a line, scaled with d3-scale to a rounded top value that the chart labels.
 */
export function dailyChartPaths(values: (number | null)[], box: ChartBox) {
  const top = Math.max(0, ...values.filter((value): value is number => value !== null));
  const y = scaleLinear()
    .domain([0, top || 1])
    .nice(3)
    .range([box.height - box.bottom, box.top]);
  const x = scaleLinear()
    .domain([0, Math.max(1, values.length - 1)])
    .range([box.left, box.width - box.right]);
  const points = values.map((value, index) => [index, value] as const);
  const defined = (point: readonly [number, number | null]) => point[1] !== null;
  const toX = (point: readonly [number, number | null]) => Math.round(x(point[0]) * 10) / 10;
  const toY = (point: readonly [number, number | null]) => Math.round(y(point[1] ?? 0) * 10) / 10;
  return {
    line: line<readonly [number, number | null]>().defined(defined).x(toX).y(toY)(points) ?? '',
    area: area<readonly [number, number | null]>().defined(defined).x(toX).y0(y(0)).y1(toY)(points) ?? '',
    ticks: y.ticks(3).map((value) => ({ value, y: Math.round(y(value) * 10) / 10 })),
  };
}
