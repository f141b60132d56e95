import { AlertBoard } from './alert-board';
import { DashboardView } from './dashboard-view';
import { h, replace } from './dom';
import { EventStream } from './events';
import { Api, loginUser } from './gateway-api';
import { currentLang, setLang, t } from './i18n';
import { MaintenanceView } from './maintenance-view';
import { SiteTree } from './site-tree';
import { WallView } from './wall-view';

/**
 * The console: log in, then the live wall (with the site tree and camera search), the alert board, the
 * maintenance view and the online-rate dashboard, switched by the URL's hash (#wall, #alerts, #maintenance,
 * #dashboard). The session token lives in this page only (not in storage): reloading means logging in again.
 */
const root = document.getElementById('app') as HTMLElement;
type ViewName = 'wall' | 'alerts' | 'maintenance' | 'dashboard';
const VIEWS: ViewName[] = ['wall', 'alerts', 'maintenance', 'dashboard'];

interface App {
  api: Api;
  events: EventStream;
  tree: SiteTree;
  wall: WallView;
  board: AlertBoard;
  maintenance: MaintenanceView;
  dashboard: DashboardView;
}

let app: App | undefined;
/** Every camera's status is read again this often, in case events were dropped on the way. */
const STATUS_REFRESH_MS = 60_000;
let statusTimer: number | undefined;

function showLogin(error = ''): void {
  document.title = t('title');
  const form = h('form', { id: 'login-form', className: 'login' },
    h('h1', {}, t('title')),
    h('label', {}, t('user'), h('input', { name: 'username', autocomplete: 'username', required: true })),
    h('label', {}, t('password'), h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    h('button', { type: 'submit', id: 'login-submit' }, t('login')),
    h('p', { className: 'error', id: 'login-error' }, error),
    h('a', { href: '#', className: 'lang', onclick: (e: Event) => { e.preventDefault(); setLang(currentLang() === 'zh' ? 'en' : 'zh'); showLogin(); } }, t('lang')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const data = new FormData(form);
    loginUser(String(data.get('username') ?? ''), String(data.get('password') ?? '')).then(
      reply => void start(new Api(reply.token, reply.user)),
      (e: unknown) => showLogin(`${t('loginFailed')}: ${e instanceof Error ? e.message : String(e)}`));
  });
  replace(root, form);
}

async function start(api: Api): Promise<void> {
  const events = new EventStream(api.token);
  const tree = new SiteTree(api, camera => app?.wall.pick(camera));
  // The stream opens before the cameras are read, so no status change falls between the two.
  events.on('camera.status', e => {
    if (e.cameraId && e.status) {
      tree.setStatus(e.cameraId, e.status.status);
    }
  });
  events.onReconnect = () => void tree.refreshStatuses().catch(console.error);
  events.start();
  await tree.load();
  const wall = new WallView(api, tree);
  const board = new AlertBoard(api);
  const maintenance = new MaintenanceView(api, tree);
  const dashboard = new DashboardView(api, tree);
  app = { api, events, tree, wall, board, maintenance, dashboard };
  events.on('*', e => {
    wall.onEvent(e);
    board.onEvent(e);
    maintenance.onEvent(e);
  });
  statusTimer = window.setInterval(() => void tree.refreshStatuses().catch(console.error), STATUS_REFRESH_MS);
  render();
  await Promise.all([wall.load(), board.load().catch(console.error)]);
}

function currentView(): ViewName {
  const name = window.location.hash.slice(1) as ViewName;
  return VIEWS.includes(name) ? name : 'wall';
}

/** The shell: header with the views, language and user; the tree beside the wall. */
function render(): void {
  if (!app) {
    return;
  }
  const { api, tree, wall, board, maintenance, dashboard } = app;
  const view = currentView();
  document.title = `${t(view)} · ${t('title')}`;
  const badge = h('span', { className: 'count', id: 'alert-count' });
  board.onActiveCount(n => {
    badge.textContent = n ? String(n) : '';
  });
  const nav = h('nav', {}, VIEWS.map(v => h('a', { href: `#${v}`, className: v === view ? 'active' : '', id: `nav-${v}` }, t(v), v === 'alerts' ? badge : null)));
  const header = h('header', {},
    h('span', { className: 'brand' }, t('title')), nav,
    h('span', { className: 'who' }, `${api.user.username} (${api.user.role})`),
    h('a', { href: '#', id: 'lang-switch', onclick: (e: Event) => { e.preventDefault(); setLang(currentLang() === 'zh' ? 'en' : 'zh'); relabel(); } }, t('lang')),
    h('a', { href: '#', id: 'logout', onclick: (e: Event) => { e.preventDefault(); void api.post('/auth/logout').finally(() => window.location.reload()); } }, t('logout')));
  const main = h('main', { className: `view-${view}` });
  if (view === 'wall') {
    main.append(tree.element, wall.element);
  } else if (view === 'alerts') {
    main.append(board.element);
    board.render();
  } else if (view === 'maintenance') {
    main.append(maintenance.element);
    void maintenance.load();
  } else {
    main.append(dashboard.element);
    void dashboard.load().catch(e => console.error(e));
  }
  replace(root, header, main);
}

/** A new language: the views are built again with the same session (the wall's players restart). */
function relabel(): void {
  if (!app) {
    return;
  }
  const { api, events } = app;
  events.stop();
  window.clearInterval(statusTimer);
  app.wall.close();
  app = undefined;
  void start(api);
}

window.addEventListener('hashchange', render);

window.consoleStats = () => app ? {
  user: app.api.user.username,
  view: currentView(),
  events: { connected: app.events.connected, received: app.events.received },
  wall: app.wall.stats(),
  alerts: app.board.rows(),
  beeps: app.board.beeps,
  maintenance: app.maintenance.rows().map(f => ({ cameraId: f.camera.id, status: f.health?.status ?? f.camera.status, reason: f.health?.reason ?? null })),
  maintenanceCsv: app.maintenance.csv(),
  dashboard: app.dashboard.report,
  cameras: app.tree.allCameras().map(c => c.id),
} : null;
window.playerStats = () => null;

showLogin();
