// The console's calendar and fees (#/calendar): renewals due within N days,
// fees by state, and their CSV and iCalendar downloads.
// A page in a file of its own: admin.js installs it once, with the helpers
// pages share (ui), and routes to what it returns.
(window.MarkConsoleInstallers = window.MarkConsoleInstallers || []).push((ui) => {
  'use strict';
  const { t, $, h, table, api, render, renewalRows, renewalHeads, feeTable, download } = ui;

  async function showCalendar(params) {
    const days = /^[0-9]{1,4}$/.test(params.get('days') || '') ? params.get('days') : '90';
    const state = ['paid', 'due', 'overdue'].includes(params.get('state')) ? params.get('state') : '';
    const [renewals, fees] = await Promise.all([api('GET', '/api/v1/calendar/renewals?within_days=' + days),
      api('GET', '/api/v1/calendar/fees' + (state ? '?state=' + state : ''))]);
    const daysInput = h('input', { id: 'days', type: 'number', min: 0, max: 3660, value: days, 'aria-label': t('renewals') + ' ' + t('within_days') });
    const stateSel = h('select', { id: 'fee-state', 'aria-label': t('status') }, ['', 'due', 'overdue', 'paid'].map((s) =>
      h('option', { value: s, selected: s === state }, s ? t('state_' + s) : t('all'))));
    const apply = () => { location.hash = '#/calendar?days=' + daysInput.value + (stateSel.value ? '&state=' + stateSel.value : ''); };
    render(h('h2', {}, t('nav_calendar')),
      h('section', { class: 'card', id: 'renewals' }, h('h3', {}, t('renewals')),
        h('div', { class: 'inline' }, daysInput, h('span', {}, t('within_days')), h('button', { type: 'button', onclick: apply }, t('show')),
          h('button', { type: 'button', class: 'secondary', onclick: () => download('/api/v1/calendar/renewals?format=csv&within_days=' + days, 'renewals.csv', 'text/csv') }, t('download_csv')),
          h('button', { type: 'button', class: 'secondary', onclick: () => download('/api/v1/calendar.ics', 'anshin-mark.ics', 'text/calendar') }, t('download_ics'))),
        h('p', { class: 'hint', id: 'ics-subscribe' }, t('ics_subscribe'), ' ', h('code', {}, location.origin + '/api/v1/calendar.ics?token=TOKEN')),
        table([...renewalHeads(), { label: t('days_left'), num: true }], renewals.items.map((r, i) => [...renewalRows([r])[0], renewals.items[i].days_left]))),
      h('section', { class: 'card', id: 'fees' }, h('h3', {}, t('fees')),
        h('div', { class: 'inline' }, stateSel, h('button', { type: 'button', onclick: apply }, t('show')),
          h('button', { type: 'button', class: 'secondary', onclick: () => download('/api/v1/calendar/fees?format=csv' + (state ? '&state=' + state : ''), 'fees.csv', 'text/csv') }, t('download_csv'))),
        feeTable(fees.items, true)));
  }

  return {
    calendar: (params) => showCalendar(params),
  };
});
