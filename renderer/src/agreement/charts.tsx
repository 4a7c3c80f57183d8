/**
 * The dashboard's charts on echarts (modular imports, canvas renderer): a generic `EChart` host (init on
 * mount, resize with a ResizeObserver, dispose on unmount) and the option builders for the reader-pair
 * heatmap and the per-reader grade distribution.
 *
 * Invariants: colours come from the view model (same bands as the table); tooltips escape reader names.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, type BarSeriesOption, type HeatmapSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import {
  cellColor,
  conditionAbbreviation,
  DISTRIBUTION_CATEGORIES,
  formatInterval,
  formatNumber,
  formatValue,
  type DistributionBar,
  type PairMatrix,
  type StatChoice,
} from './agreement-view-model';

echarts.use([HeatmapChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export type ChartOption = echarts.ComposeOption<
  HeatmapSeriesOption | BarSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption
>;

const TEXT = '#d9dee7';
const MUTED = '#8b93a3';
const GRID_LINE = '#2a2f3a';
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif";

const tooltipStyle: TooltipComponentOption = {
  backgroundColor: '#1e222b',
  borderColor: '#3b4452',
  textStyle: { color: TEXT, fontSize: 12, fontFamily: FONT },
  extraCssText: 'box-shadow: 0 6px 20px rgba(0,0,0,0.45);',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

interface EChartProps {
  readonly option: ChartOption;
  readonly height: number;
  readonly label: string;
  readonly testId?: string;
  /** Called with the clicked data item's `id`, when it has one. */
  readonly onItemClick?: (id: string) => void;
}

/** One echarts instance in a div; options replace the previous ones (notMerge). */
export function EChart({ option, height, label, testId, onItemClick }: EChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickHandler = useRef(onItemClick);

  useEffect(() => {
    clickHandler.current = onItemClick;
  }, [onItemClick]);

  useEffect(() => {
    const element = host.current!;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => {
      const id = (params.data as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string') clickHandler.current?.(id);
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={host} className="agr-chart" style={{ height }} role="img" aria-label={label} data-testid={testId} />;
}

// ---- reader-pair heatmap ----

interface HeatItem {
  readonly id?: string;
  readonly value: [number, number, number];
  readonly text: string;
  readonly tip: string;
  readonly itemStyle: { readonly color: string };
  readonly label?: { readonly color: string };
}

/** Readers x readers, the chosen statistic per pair, cells coloured like the table; click = that pair's id `a|b`. */
export function heatmapOption(matrix: PairMatrix, choice: StatChoice, subsetTitle: string): ChartOption {
  const { readers, cells } = matrix;
  const data: HeatItem[] = [];
  readers.forEach((rowReader, i) =>
    readers.forEach((columnReader, j) => {
      const cell = cells[i]![j];
      if (!cell) {
        data.push({
          value: [j, i, 0],
          text: '—',
          tip: escapeHtml(rowReader),
          itemStyle: { color: '#14171d' },
          label: { color: '#4a5160' },
        });
        return;
      }
      const [a, b] = i < j ? [rowReader, columnReader] : [columnReader, rowReader];
      const value = formatValue(cell.value, choice);
      const detail =
        cell.value === null
          ? `undefined (${cell.hint})`
          : `${value} ${formatInterval(cell.ci, choice)}${cell.band ? ` · ${cell.band}` : ''}`.replace('  ', ' ');
      data.push({
        id: `${a}|${b}`,
        value: [j, i, cell.value ?? 0],
        text: `${cell.value === null ? 'undef.' : value}\nn ${cell.n}`,
        tip: `<b>${escapeHtml(a)}</b> vs <b>${escapeHtml(b)}</b><br/>${choice.symbol} ${escapeHtml(detail)}<br/>n = ${cell.n} items both graded<br/><span style="color:${MUTED}">${escapeHtml(subsetTitle)} · click for the confusion matrix</span>`,
        itemStyle: { color: cellColor(cell, choice) },
        ...(cell.value === null ? { label: { color: MUTED } } : {}),
      });
    }),
  );
  const short = (name: string) => (name.length > 14 ? `${name.slice(0, 13)}…` : name);
  return {
    animation: false,
    textStyle: { fontFamily: FONT },
    tooltip: { ...tooltipStyle, formatter: (p) => (p as unknown as { data: HeatItem }).data.tip },
    grid: { left: 8, right: 12, top: 8, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: readers.map(short),
      position: 'top',
      axisLabel: { color: TEXT, fontSize: 11 },
      axisLine: { show: false },
      axisTick: { show: false },
      splitArea: { show: false },
    },
    yAxis: {
      type: 'category',
      data: readers.map(short),
      inverse: true,
      axisLabel: { color: TEXT, fontSize: 11 },
      axisLine: { show: false },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'heatmap',
        data: data as unknown as HeatmapSeriesOption['data'],
        label: {
          show: true,
          color: '#f3f6fa',
          fontSize: 12,
          lineHeight: 16,
          fontFamily: FONT,
          formatter: (p) => (p.data as unknown as HeatItem).text,
        },
        itemStyle: { borderColor: '#0f1115', borderWidth: 2, borderRadius: 3 },
        emphasis: { itemStyle: { borderColor: '#4ea1ff', borderWidth: 2 } },
      },
    ],
  };
}

// ---- grade distribution per reader ----

export const GRADE_COLORS: Readonly<Record<(typeof DISTRIBUTION_CATEGORIES)[number], string>> = {
  'Normal/Mild': '#3e9a62',
  Moderate: '#c99a2e',
  Severe: '#c8524a',
  'not gradable': '#555c69',
};

/** Rows: every reader over all conditions, then per condition each reader; 100% stacked by grade. */
export function distributionOption(perReader: readonly DistributionBar[], perCondition: readonly DistributionBar[]): ChartOption {
  const bars = [...perReader, ...perCondition];
  const readersPerGroup = Math.max(1, perReader.length);
  const category = (b: DistributionBar) => `${b.condition === null ? 'All' : conditionAbbreviation(b.condition)}\u2002${b.reader}`;
  const categories = bars.map(category);
  const mean = (b: DistributionBar) => (b.meanGrade === null ? '—' : formatNumber(b.meanGrade, 2));
  return {
    animation: false,
    textStyle: { fontFamily: FONT },
    legend: {
      top: 0,
      left: 0,
      itemWidth: 12,
      itemHeight: 10,
      textStyle: { color: TEXT, fontSize: 11 },
      data: [...DISTRIBUTION_CATEGORIES],
    },
    tooltip: {
      ...tooltipStyle,
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const list = params as unknown as Array<{ dataIndex: number }>;
        const b = bars[list[0]!.dataIndex]!;
        const lines = DISTRIBUTION_CATEGORIES.map(
          (c) =>
            `<span style="display:inline-block;width:9px;height:9px;border-radius:2px;margin-right:6px;background:${GRADE_COLORS[c]}"></span>${c}: <b>${b.counts[c]}</b> (${b.total > 0 ? Math.round((100 * b.counts[c]) / b.total) : 0}%)`,
        );
        return `<b>${escapeHtml(b.reader)}</b> · ${escapeHtml(b.condition ?? 'all conditions')}<br/>${lines.join('<br/>')}<br/><span style="color:${MUTED}">mean grade ${mean(b)} (0 Normal/Mild … 2 Severe)</span>`;
      },
    },
    grid: { left: 4, right: 56, top: 28, bottom: 4, containLabel: true },
    xAxis: {
      type: 'value',
      max: 100,
      axisLabel: { color: MUTED, fontSize: 10, formatter: '{value}%' },
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: categories,
      axisTick: { show: false },
      axisLine: { lineStyle: { color: GRID_LINE } },
      axisLabel: {
        fontSize: 11,
        color: TEXT,
        formatter: (value: string) => {
          const [condition = '', reader = ''] = value.split('\u2002');
          // Rich-text markup characters in a name would break the label: drop them.
          const name = reader.replace(/[{}|]/g, '');
          return `{c|${condition}}{r|${name.length > 15 ? `${name.slice(0, 14)}…` : name}}`;
        },
        rich: {
          c: { color: MUTED, width: 42, fontSize: 10, fontWeight: 'bold', align: 'left' },
          r: { color: TEXT, width: 96, fontSize: 11, align: 'left' },
        },
      },
      // A line between condition groups (each group has one bar per reader).
      splitLine: { show: true, interval: (index: number) => index % readersPerGroup === 0 && index > 0, lineStyle: { color: GRID_LINE } },
    },
    series: [
      ...DISTRIBUTION_CATEGORIES.map((c): BarSeriesOption => ({
        type: 'bar',
        name: c,
        stack: 'grades',
        barWidth: 12,
        itemStyle: { color: GRADE_COLORS[c] },
        label: {
          show: true,
          color: '#f3f6fa',
          fontSize: 10,
          formatter: (p) => (typeof p.value === 'number' && p.value >= 12 ? `${Math.round(p.value)}%` : ''),
        },
        data: bars.map((b) => (b.total > 0 ? (100 * b.counts[c]) / b.total : 0)),
      })),
      {
        // Mean grade at the end of each bar: the drift number.
        type: 'bar',
        name: 'mean grade',
        stack: 'grades',
        barWidth: 12,
        itemStyle: { color: 'transparent' },
        tooltip: { show: false },
        silent: true,
        label: {
          show: true,
          position: 'right',
          color: MUTED,
          fontSize: 10,
          formatter: (p) => `μ ${mean(bars[p.dataIndex]!)}`,
        },
        data: bars.map(() => 0),
      },
    ],
  };
}
