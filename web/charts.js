// charts.js — Apache ECharts for dashboards, loaded only by the pages
// that draw charts.  qitong serves it from the binary at
// /vendor/echarts.esm.min.js (node_modules/echarts/dist, embedded by
// CMakeLists.txt), never from a CDN: the CSP allows scripts from 'self'.
//
//   import { chart } from '../../charts.js';
//   const el = h('div', { class: 'chart' });
//   await chart(el, { xAxis: {...}, yAxis: {...}, series: [...] });
//
// ECharts sets sizes with element.style from script, which the CSP allows
// (only style attributes in markup are refused).
let loading = null;

export function loadECharts() {
  if (!loading) loading = import('/vendor/echarts.esm.min.js');
  return loading;
}

// The colours of the UI, for series.
export const PALETTE = ['#0b4ea2', '#17703a', '#c27c00', '#b42318', '#5b5fc7', '#0c7c8c', '#8a4b00', '#576375'];

// Draw OPTION in EL (which needs a height, e.g. the .chart class); the
// chart follows EL's size and is disposed of when EL leaves the page.
// Resolves with the ECharts instance.
export async function chart(el, option) {
  const echarts = await loadECharts();
  const inst = echarts.init(el, null, { renderer: 'svg' });
  inst.setOption({ color: PALETTE, textStyle: { fontFamily: 'inherit' }, ...option });
  const ro = new ResizeObserver(() => {
    if (!el.isConnected) {
      ro.disconnect();
      inst.dispose();
      return;
    }
    inst.resize();
  });
  ro.observe(el);
  return inst;
}
