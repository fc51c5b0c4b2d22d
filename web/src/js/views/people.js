export const peopleViews = {};
