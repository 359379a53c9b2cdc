// Loading state of /status (see PageSkeleton for why it is not at the app root).
export { default } from '@/components/PageSkeleton';
