// Click a service (in the diagram or its card) to highlight it and what it is connected to.
(function(){
  var nodes=document.querySelectorAll('g.node'), edges=document.querySelectorAll('[data-source]');
  function select(id){
    var linked={}; linked[id]=true;
    edges.forEach(function(e){var on=e.dataset.source===id||e.dataset.target===id;
      e.classList.toggle('dim',!!id&&!on); if(on){linked[e.dataset.source]=true;linked[e.dataset.target]=true;}});
    nodes.forEach(function(n){n.classList.toggle('dim',!!id&&!linked[n.id]);n.classList.toggle('selected',n.id===id);});
    document.querySelectorAll('.card').forEach(function(c){c.classList.toggle('selected',c.dataset.node===id);});
    var card=document.querySelector('.card[data-node="'+id+'"]'); if(card){card.scrollIntoView({block:'nearest'});}
  }
  nodes.forEach(function(n){n.addEventListener('click',function(ev){ev.stopPropagation();select(n.id);});});
  document.querySelectorAll('.card').forEach(function(c){c.addEventListener('click',function(){select(c.dataset.node);});});
  document.getElementById('diagram').addEventListener('click',function(){select('');});
})();
