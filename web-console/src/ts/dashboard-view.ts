import { h, replace, svg } from './dom';
import type { Api } from './gateway-api';
import { t } from './i18n';
import type { OnlineRate, OnlineRateReport } from './model';
import type { SiteTree } from './site-tree';

/** A figure's online and intact rates (the report's, or computed from the seconds when it has none). */
export function rates(r: OnlineRate): { online: number | null; intact: number | null } {
  const of = (n: number) => r.expectedSeconds > 0 ? Math.min(1, n / r.expectedSeconds) : null;
  return { online: r.onlineRate ?? of(r.onlineSeconds), intact: r.intactRate ?? of(r.intactSeconds) };
}

const percent = (v: number | null) => v === null ? '—' : `${(v * 100).toFixed(1)}%`;

/**
 * The online-rate dashboard: for a site (the user's scope) and a day or a month, the online and intact rates in
 * total, per child site and per tier (SVG bar charts), and the last 14 days of the total (an SVG line).
 */
export class DashboardView {
  readonly element: HTMLElement;
  private readonly site: HTMLSelectElement;
  private readonly period: HTMLSelectElement;
  private readonly date: HTMLInputElement;
  private readonly body: HTMLElement;
  report: OnlineRateReport | null = null;

  constructor(private readonly api: Api, tree: SiteTree) {
    const reload = () => void this.load();
    const shown = tree.roots().flatMap(root => [root, ...treeChildren(tree, root.id)]);
    this.site = h('select', { id: 'dash-site', onchange: reload }, shown.map(s => h('option', { value: s.id }, tree.sitePath(s.id))));
    this.period = h('select', { id: 'dash-period', onchange: () => { this.syncDateInput(); reload(); } },
      h('option', { value: 'day' }, t('day')), h('option', { value: 'month' }, t('month')));
    this.date = h('input', { id: 'dash-date', type: 'date', onchange: reload });
    this.syncDateInput();
    this.body = h('div', { className: 'dash-body', id: 'dash-body' });
    this.element = h('section', { className: 'dashboard' },
      h('div', { className: 'toolbar' }, this.site, this.period, this.date), this.body);
  }

  private syncDateInput(): void {
    const today = localDate(new Date());
    if (this.period.value === 'month') {
      this.date.type = 'month';
      this.date.value = today.slice(0, 7);
    } else {
      this.date.type = 'date';
      this.date.value = today;
    }
  }

  async load(): Promise<void> {
    const params = new URLSearchParams({ site: this.site.value });
    params.set(this.period.value, this.date.value);
    const report = await this.api.get<OnlineRateReport>(`/stats/online-rate?${params}`);
    const total = rates(report.total);
    const trend = h('figure', { className: 'wide' }, h('figcaption', {}, `${t('onlineRate')} · 14 ${t('day')}`));
    replace(this.body,
      h('div', { className: 'cards' },
        card(t('onlineRate'), percent(total.online), 'on'),
        card(t('intactRate'), percent(total.intact), 'intact'),
        card(t('cameras'), String(report.total.cameras), '')),
      h('div', { className: 'charts' },
        h('figure', {}, h('figcaption', {}, `${t('bySite')} (${report.from}${report.to !== report.from ? ` – ${report.to}` : ''})`),
          bars(report.bySite.map(s => ({ label: s.name, ...rates(s.rate), n: s.rate.cameras })))),
        h('figure', {}, h('figcaption', {}, t('byTier')),
          bars(Object.entries(report.byTier).map(([tier, r]) => ({ label: t(tier), ...rates(r), n: r.cameras })))),
        trend));
    this.report = report;
    // The last 14 days of the same site, drawn when they are all in.
    const days = await Promise.all(Array.from({ length: 14 }, async (_, k) => {
      const day = localDate(new Date(Date.now() - (13 - k) * 86_400_000));
      const r = await this.api.get<OnlineRateReport>(`/stats/online-rate?site=${encodeURIComponent(this.site.value)}&day=${day}`)
        .catch(() => null);
      // A day without a single online second: the node was not counting then (a gap, not a 0 % point).
      return { label: day.slice(5), rate: r && r.total.onlineSeconds > 0 ? rates(r.total).online : null };
    }));
    trend.append(line(days));
  }
}

function treeChildren(tree: SiteTree, id: string): { id: string }[] {
  return tree.allSitesUnder(id, 1);
}

function localDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function card(label: string, value: string, cls: string): HTMLElement {
  return h('div', { className: `card ${cls}` }, h('div', { className: 'value' }, value), h('div', { className: 'label' }, label));
}

/** Horizontal bars: online rate (green) with the intact rate (blue) beneath, one pair per row. */
function bars(rows: { label: string; online: number | null; intact: number | null; n: number }[]): SVGElement {
  const rowH = 34;
  const labelW = 150;
  const width = 720;
  const barW = width - labelW - 110;
  const height = Math.max(1, rows.length) * rowH + 24;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', class: 'chart bars' });
  for (const x of [0, 0.25, 0.5, 0.75, 1]) {
    chart.append(svg('line', { x1: labelW + x * barW, x2: labelW + x * barW, y1: 0, y2: height - 18, class: 'grid-line' }),
      svg('text', { x: labelW + x * barW, y: height - 4, 'text-anchor': 'middle', class: 'axis' }, `${x * 100}%`));
  }
  rows.forEach((r, i) => {
    const y = i * rowH + 4;
    chart.append(
      svg('text', { x: labelW - 8, y: y + 16, 'text-anchor': 'end', class: 'label' }, `${r.label} (${r.n})`),
      svg('rect', { x: labelW, y, width: (r.online ?? 0) * barW, height: 14, class: 'bar-online' }),
      svg('rect', { x: labelW, y: y + 15, width: (r.intact ?? 0) * barW, height: 9, class: 'bar-intact' }),
      svg('text', { x: labelW + (r.online ?? 0) * barW + 6, y: y + 13, class: 'value' }, percent(r.online)));
  });
  return chart;
}

/** A line of daily rates; days without data leave a gap. */
function line(days: { label: string; rate: number | null }[]): SVGElement {
  const width = 1440;
  const height = 220;
  const left = 50;
  const bottom = 30;
  const plotW = width - left - 20;
  const plotH = height - bottom - 10;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', class: 'chart line' });
  for (const v of [0, 0.5, 0.9, 1]) {
    const y = 10 + (1 - v) * plotH;
    chart.append(svg('line', { x1: left, x2: width - 20, y1: y, y2: y, class: 'grid-line' }),
      svg('text', { x: left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' }, `${v * 100}%`));
  }
  const step = plotW / Math.max(1, days.length - 1);
  let path = '';
  days.forEach((d, i) => {
    const x = left + i * step;
    chart.append(svg('text', { x, y: height - 8, 'text-anchor': 'middle', class: 'axis' }, d.label));
    if (d.rate !== null) {
      const y = 10 + (1 - d.rate) * plotH;
      path += `${path && days[i - 1]?.rate !== null ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)} `;
      chart.append(svg('circle', { cx: x, cy: y, r: 4, class: 'point' }, svg('title', {}, percent(d.rate))));
    }
  });
  chart.prepend(svg('path', { d: path.trim(), class: 'trend' }));
  return chart;
}
