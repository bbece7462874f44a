/** The delivery status Lambda's graph: the shared app is all it needs (the table, the clock, the logger). */
export { getApp } from './app';
